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

/** body-parser refused the body before any route saw it. */
export class RequestBodyRejected extends Error {
  constructor(readonly reason: 'MALFORMED_JSON' | 'TOO_LARGE' | 'UNREADABLE') {
    super(`request body rejected: ${reason}`);
    this.name = 'RequestBodyRejected';
  }
}

/** Express error middleware: turns body-parser's errors into RequestBodyRejected for the problem filter. */
export function rejectUnreadableBodies(
  error: unknown,
  _request: unknown,
  _response: unknown,
  next: (error: unknown) => void,
): void {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  if (type === 'entity.parse.failed') return next(new RequestBodyRejected('MALFORMED_JSON'));
  if (type === 'entity.too.large') return next(new RequestBodyRejected('TOO_LARGE'));
  if (typeof type === 'string') return next(new RequestBodyRejected('UNREADABLE'));
  next(error);
}
