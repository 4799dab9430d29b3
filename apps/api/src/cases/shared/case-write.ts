import { createParamDecorator, Injectable, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { CommandRequest, CommandResult } from '@casetrail/cases';
import type { Actor } from '@casetrail/domain';
import { RequestValidationFailed } from '@api/problem-details/validation';
import { correlationIdOf } from '@api/request-context/correlation-id';

export interface CaseWriteResponse {
  caseId: string;
  version: number;
  events: { eventId: string; type: string; streamVersion: number }[];
}

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
    };
  },
);

/** Sends the new version as the ETag and a summary of what was recorded. */
export function caseWritten(response: Response, caseId: string, result: CommandResult): CaseWriteResponse {
  response.setHeader('ETag', `"${result.version}"`);
  return {
    caseId,
    version: result.version,
    events: result.events.map((event) => ({
      eventId: event.eventId,
      type: event.type,
      streamVersion: event.streamVersion,
    })),
  };
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
