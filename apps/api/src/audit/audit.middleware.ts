import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PostgresAuditTrail } from '@casetrail/audit';
import { Clock } from '@casetrail/case-commands';
import { callerOf } from '@api/access/access.decorators';
import { correlationIdOf } from '@api/request-context/correlation-id';
import { auditOutcomeOf, caseCommandOf } from './audit-outcome';
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
    const path = request.originalUrl.split('?')[0];
    if (NOT_AUDITED.test(path)) return next();
    response.on('finish', () => {
      const caller = callerOf(request);
      this.trail.record({
        recordedAt: this.clock.now().toISOString(),
        userId: caller?.userId ?? null,
        role: caller?.role ?? null,
        method: request.method,
        route: routePatternOf(request),
        path: path.slice(0, 300),
        caseId: auditedCaseOf(request),
        command: caseCommandOf(response),
        sourceAddress: request.ip ?? request.socket.remoteAddress ?? null,
        outcome: auditOutcomeOf(response),
        status: response.statusCode,
        correlationId: correlationIdOf(request),
      });
    });
    next();
  }
}

function routePatternOf(request: Request): string | null {
  const route = (request.route as { path?: unknown } | undefined)?.path;
  return typeof route === 'string' ? route : null;
}
