import { BadRequestException, type ValidationError } from '@nestjs/common';
import type { FieldError } from './problem';

/** Thrown by the ValidationPipe; carries per-field errors to the problem filter. */
export class RequestValidationFailed extends BadRequestException {
  constructor(readonly fieldErrors: FieldError[]) {
    super('The request body or parameters are invalid.');
  }
}

export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}
