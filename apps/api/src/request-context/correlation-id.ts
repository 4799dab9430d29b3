import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const CORRELATION_HEADER = 'x-correlation-id';
const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const KEY = Symbol('correlationId');

/** Takes the caller's correlation id when it is a safe token, or makes one, and echoes it back. */
export function correlationIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  const given = request.header(CORRELATION_HEADER);
  const id = given && SAFE_ID.test(given) ? given : randomUUID();
  (request as unknown as Record<symbol, string>)[KEY] = id;
  response.setHeader(CORRELATION_HEADER, id);
  next();
}

export function correlationIdOf(request: Request): string {
  return (request as unknown as Record<symbol, string | undefined>)[KEY] ?? 'unknown';
}
