import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PostgresAuditTrail, type AuditOutcome, type AuditRecord } from '@casetrail/audit';
import { Clock } from '@casetrail/case-commands';
import { callerOf } from '@api/access/access.decorators';
import { correlationIdOf } from '@api/request-context/correlation-id';
import { auditedWithCommand, auditOutcomeOf, caseCommandOf } from './audit-outcome';
import { auditedCaseOf } from './audited-case.guard';

/** Probes, metrics and static pages carry no case data and are called every few seconds. */
const NOT_AUDITED = /^\/(health|metrics|docs|dashboard)(\/|$)/;

/**
 * Every request leaves an audit record once its response is sent, allowed or not. It runs before
 * the body is parsed and before routing (see configureApi), so unparsable and unrouted requests
 * are recorded too.
 */
@Injectable()
export class AuditMiddleware implements NestMiddleware {
  constructor(
    private readonly trail: PostgresAuditTrail,
    private readonly clock: Clock,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    if (NOT_AUDITED.test(pathOf(request))) return next();
    response.on('finish', () => {
      // Its command wrote this request's record with the events; it needs only chaining.
      if (auditedWithCommand(response)) return this.trail.chainSoon();
      this.trail.record({
        recordedAt: this.clock.now().toISOString(),
        ...auditRecordOf(request, {
          command: caseCommandOf(response),
          outcome: auditOutcomeOf(response),
          status: response.statusCode,
        }),
      });
    });
    next();
  }
}

/** A request's audit record, but for its time: who, what, where from, and how it ended. */
export function auditRecordOf(
  request: Request,
  ending: { command: string | null; outcome: AuditOutcome; status: number },
): Omit<AuditRecord, 'recordedAt'> {
  const caller = callerOf(request);
  const path = pathOf(request);
  return {
    userId: caller?.userId ?? null,
    role: caller?.role ?? null,
    method: request.method,
    route: routePatternOf(request),
    path: path.slice(0, 300),
    caseId: auditedCaseOf(request),
    command: ending.command,
    sourceAddress: request.ip ?? request.socket.remoteAddress ?? null,
    outcome: ending.outcome,
    status: ending.status,
    correlationId: correlationIdOf(request),
  };
}

function pathOf(request: Request): string {
  return request.originalUrl.split('?')[0];
}

function routePatternOf(request: Request): string | null {
  const route = (request.route as { path?: unknown } | undefined)?.path;
  return typeof route === 'string' ? route : null;
}
