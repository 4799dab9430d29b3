import {
  BadRequestException,
  type ArgumentMetadata,
  type PipeTransform,
  type ValidationError,
} from '@nestjs/common';
import { BodyTooDeep } from '@api/http/json-body';
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
  constructor(readonly reason: 'MALFORMED_JSON' | 'TOO_LARGE' | 'UNSUPPORTED_ENCODING' | 'UNREADABLE') {
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
  if (type === 'encoding.unsupported') return next(new RequestBodyRejected('UNSUPPORTED_ENCODING'));
  if (error instanceof BodyTooDeep) {
    return next(new RequestValidationFailed([{ field: 'body', messages: [error.message] }]));
  }
  if (typeof type === 'string') return next(new RequestBodyRejected('UNREADABLE'));
  next(error);
}

/**
 * class-validator's whitelist looks property names up in a plain object, so a key Object.prototype
 * already has (`constructor`, `toString`, `__proto__`, …) passes `forbidNonWhitelisted`.
 */
const PROTOTYPE_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Runs before the ValidationPipe: refuses request bodies it would accept or crash on. */
export class BodyGuardPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    const errors = unsafeBodyErrors(value);
    if (errors.length > 0) throw new RequestValidationFailed(errors);
    return value;
  }
}

function unsafeBodyErrors(body: unknown): FieldError[] {
  const errors: FieldError[] = [];
  // The body parser refused anything deeper than MAX_BODY_DEPTH, so this walk ends.
  const pending: { value: unknown; path: string }[] = [{ value: body, path: '' }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path } = next;
    if (value === null || typeof value !== 'object') continue;
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) errors.push({ field, messages: [`property ${field} should not exist`] });
      else pending.push({ value: item, path: field });
    }
  }
  return errors;
}
