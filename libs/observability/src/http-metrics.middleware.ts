import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Histogram } from 'prom-client';
import { Metrics } from './metrics';

/** The request-duration histogram; a provider of its own, since Nest builds middleware apart. */
@Injectable()
export class HttpRequestMetrics {
  readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(metrics: Metrics) {
    this.duration = metrics.histogram({
      name: 'casetrail_http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
  }
}

/**
 * Times every HTTP request. Labelled by the matched route pattern (`/cases/:caseId/check-ins`),
 * never the raw URL, so the number of series stays bounded; unmatched requests share one label.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: HttpRequestMetrics) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const end = this.metrics.duration.startTimer();
    response.once('finish', () => {
      end({
        method: request.method,
        route: routeLabel(request),
        status: String(response.statusCode),
      });
    });
    next();
  }
}

/**
 * The route pattern that answered the request, or `unmatched`. Catch-all patterns belong to
 * middleware (logging, metrics), never to a controller, so they count as unmatched too.
 */
export function routeLabel(request: { route?: { path?: unknown }; baseUrl?: string }): string {
  const route = request.route?.path;
  if (typeof route !== 'string' || route.includes('*')) return 'unmatched';
  return `${request.baseUrl ?? ''}${route}`;
}
