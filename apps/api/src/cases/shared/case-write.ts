import { createParamDecorator, Injectable, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { CommandRequest, CommandResult, Idempotency } from '@casetrail/cases';
import type { Actor } from '@casetrail/domain';
import { RequestValidationFailed } from '@api/problem-details/validation';
import { correlationIdOf } from '@api/request-context/correlation-id';

export type CaseWriteResponse = Omit<CommandResult, 'replayed'>;

/**
 * Who is asking. Until authentication lands this is the X-User-Id header, recorded as an OFFICER;
 * it is the one place that will read the verified token instead.
 */
export function actorOf(request: Request): Actor {
  const userId = request.header('x-user-id');
  return {
    userId: userId && /^[A-Za-z0-9._@-]{1,100}$/.test(userId) ? userId : 'anonymous',
    role: 'OFFICER',
  };
}

/** The version the caller expects the case to be at, from `If-Match: "7"`; undefined when absent. */
export function expectedVersionOf(request: Request): number | undefined {
  const header = request.header('if-match');
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!match) {
    throw new RequestValidationFailed([
      { field: 'If-Match', messages: ['If-Match must be the case version, e.g. "3"'] },
    ]);
  }
  return Number(match[1]);
}

/** The metadata every command carries, taken from the HTTP request. */
export const CommandMetadata = createParamDecorator(
  (occurredAtField: string | undefined, context: ExecutionContext): CommandRequest => {
    const request = context.switchToHttp().getRequest<Request>();
    const occurredAt = occurredAtField
      ? (request.body as Record<string, unknown>)?.[occurredAtField]
      : undefined;
    return {
      actor: actorOf(request),
      correlationId: correlationIdOf(request),
      expectedVersion: expectedVersionOf(request),
      occurredAt: typeof occurredAt === 'string' ? new Date(occurredAt).toISOString() : undefined,
      idempotency: idempotencyOf(request),
    };
  },
);

/** Sends the new version as the ETag and a summary of what was recorded. */
export function caseWritten(response: Response, result: CommandResult): CaseWriteResponse {
  response.setHeader('ETag', `"${result.version}"`);
  if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
  return { caseId: result.caseId, version: result.version, events: result.events };
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The Idempotency-Key, scoped to the caller and bound to what was asked: the same key with another
 * route or body is refused rather than answered with the first result.
 */
function idempotencyOf(request: Request): Idempotency | undefined {
  const key = request.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new RequestValidationFailed([
      { field: 'Idempotency-Key', messages: ['Idempotency-Key must be 1 to 200 visible ASCII characters'] },
    ]);
  }
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.path}\n${canonicalJson(request.body)}`)
    .digest('hex');
  return { scope: actorOf(request).userId, key, requestHash };
}

/** JSON with object keys sorted, so the same body always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Request times are normalised to UTC ISO 8601 before they enter a command. */
export function iso(value: string): string {
  return new Date(value).toISOString();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class CaseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value))
      throw new RequestValidationFailed([{ field: 'caseId', messages: ['caseId must be a UUID'] }]);
    return value.toLowerCase();
  }
}
