import cluster from 'node:cluster';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { DestinationStream, Level } from 'pino';
import type { ObservabilityOptions } from './observability.options';
import { routeLabel } from './http-metrics.middleware';
import { activeTraceIds, tracingActive } from './tracing';

const CORRELATION_HEADER = 'x-correlation-id';

/**
 * nestjs-pino settings for one app: one JSON object a line, tagged with the app's name. Request
 * lines (the api only) carry method, route pattern, status, duration and correlation id, and
 * nothing else of the request: no body, query string or header, as any of them can hold personal data.
 */
export function loggerParams(
  app: ObservabilityOptions['app'],
  level: Level,
  stream?: DestinationStream,
): Params {
  return {
    pinoHttp: {
      level,
      // One of several api instances (API_INSTANCES) says which; a lone process has no instance.
      base: { app, ...(cluster.isWorker && cluster.worker ? { instance: cluster.worker.id } : {}) },
      // With tracing on, every line logged inside a span carries its trace id beside the
      // correlation id, so a trace is found from any log line of the request.
      ...(tracingActive() ? { mixin: () => activeTraceIds() ?? {} } : {}),
      messageKey: 'msg',
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      // Belt and braces: nothing below logs headers, but should a request ever be, these are out.
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'],
        remove: true,
      },
      // Only the api serves users; the workers' HTTP servers answer health checks and scrapes.
      autoLogging: app === 'api' ? { ignore: (request) => isOps(request.url) } : false,
      // Every line logged while serving a request carries its correlation id, when the app's
      // middleware has set it (on the response) before this one runs.
      quietReqLogger: true,
      genReqId: (_request, response) => correlationIdOf(response) as string,
      customAttributeKeys: { reqId: 'correlationId' },
      // Given as they are, not wrapped: a wrapped serializer is handed pino's own summary of the
      // request (built for every request only to be dropped) and of an error (a plain object, so
      // errorSummary could not tell its type or message).
      wrapSerializers: false,
      serializers: { req: () => undefined, res: () => undefined, err: errorSummary },
      customSuccessMessage: () => 'request completed',
      customErrorMessage: () => 'request failed',
      customSuccessObject: (request, response, value: { responseTime?: number }) =>
        requestLine(request, response, value.responseTime),
      customErrorObject: (request, response, _error, value: { responseTime?: number }) =>
        requestLine(request, response, value.responseTime),
      ...(stream ? { stream } : {}),
    },
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  };
}

function requestLine(request: IncomingMessage, response: ServerResponse, durationMs?: number) {
  // Bound to the request's logger already when it was known as the request came in.
  const bound = Boolean((request as { id?: unknown }).id);
  const correlationId = bound ? undefined : correlationIdOf(response);
  return {
    method: request.method,
    route: routeLabel(request as IncomingMessage & { route?: { path?: unknown }; baseUrl?: string }),
    status: response.statusCode,
    durationMs,
    ...(correlationId ? { correlationId } : {}),
  };
}

function correlationIdOf(response: ServerResponse): string | undefined {
  const id = response.getHeader(CORRELATION_HEADER);
  return typeof id === 'string' ? id : undefined;
}

/** An error's name and message, never its stack's arguments nor any attached request. */
function errorSummary(error: unknown) {
  return error instanceof Error ? { type: error.name, message: error.message } : { type: typeof error };
}

function isOps(url: string | undefined): boolean {
  return url !== undefined && (url.startsWith('/health') || url.startsWith('/metrics'));
}
