import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { createHash, randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { CommandRequest, Idempotency } from '@casetrail/case-commands';
import { officeScopeOf, type Caller } from '@casetrail/auth';
import type { Actor } from '@casetrail/domain';
import { callerOf } from '@api/access/access.decorators';
import { RequestValidationFailed } from '@api/problem-details/validation';
import { correlationIdOf } from '@api/request-context/correlation-id';
import { auditRecordOf } from '@api/audit/audit.middleware';
import { caseWriteRouteOf } from './case-write';

/** The verified caller as the domain sees an actor: who and in what role. */
export function actorOf(request: Request): Actor {
  const { userId, role } = verifiedCaller(request);
  return { userId, role };
}

function verifiedCaller(request: Request): Caller {
  const caller = callerOf(request);
  if (!caller) throw new Error('a case command reached its handler without a verified caller');
  return caller;
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

/**
 * The request's audit record as it ends if its command is accepted: the command writes it with its
 * events, so the answer is never sent without it.
 */
function acceptedCommandAuditOf(request: Request, context: ExecutionContext): CommandRequest['audit'] {
  const route = caseWriteRouteOf(context.getHandler());
  if (!route) throw new Error('CommandMetadata used on a route without @CaseWrite');
  const status = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined;
  if (status === undefined) throw new Error(`the @CaseWrite route of ${route.command} needs an @HttpCode`);
  return auditRecordOf(request, { command: route.command, outcome: 'ALLOWED', status });
}

/** The metadata every command carries, taken from the HTTP request. */
export const CommandMetadata = createParamDecorator(
  (occurredAtField: string | undefined, context: ExecutionContext): CommandRequest => {
    const request = context.switchToHttp().getRequest<Request>();
    const occurredAt = occurredAtField
      ? (request.body as Record<string, unknown>)?.[occurredAtField]
      : undefined;
    // This runs alongside the body's validation, not after it: an unparseable time is left for the
    // DTO to refuse (400) instead of failing here.
    const occurredAtMs = typeof occurredAt === 'string' ? Date.parse(occurredAt) : Number.NaN;
    return {
      actor: actorOf(request),
      audit: acceptedCommandAuditOf(request, context),
      officeScope: officeScopeOf(verifiedCaller(request)),
      correlationId: correlationIdOf(request),
      expectedVersion: expectedVersionOf(request),
      occurredAt: Number.isNaN(occurredAtMs) ? undefined : new Date(occurredAtMs).toISOString(),
      idempotency: idempotencyOf(request),
    };
  },
);

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The Idempotency-Key, scoped to the caller and bound to what was asked: the same key with another
 * route or body is refused rather than answered with the first result.
 */
export function idempotencyOf(request: Request): Idempotency | undefined {
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

/**
 * An id for something this request creates (an override request, a detainer, a removal). With an
 * Idempotency-Key it is derived from the key and the request, so a replayed request answers with
 * the id the first one recorded rather than a new one that exists nowhere.
 */
export function newIdFor({ idempotency }: CommandRequest): string {
  if (!idempotency) return randomUUID();
  const hex = createHash('sha256')
    .update(`${idempotency.scope}\n${idempotency.key}\n${idempotency.requestHash}`)
    .digest('hex');
  // Laid out as an RFC 9562 version 8 (custom) UUID.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
