import {
  context,
  propagation,
  trace,
  SpanKind,
  SpanStatusCode,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';

/**
 * OpenTelemetry for one trace across the four processes, off unless an exporter is configured with
 * the standard variables: `OTEL_TRACES_EXPORTER` (otlp, console; none turns it off) or
 * `OTEL_EXPORTER_OTLP_ENDPOINT` / `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`. Off, the SDK is never loaded
 * and the helpers below are plain calls of the work they wrap.
 */
export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (exporters.length > 0) return !exporters.includes('none');
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

let tracingOn = false;
let flush: (() => Promise<void>) | undefined;

/** Whether this process records spans (startTracing ran with an exporter configured). */
export function tracingActive(): boolean {
  return tracingOn;
}

/**
 * Starts the Node SDK with the HTTP, Express and pg instrumentations and W3C trace context. It must
 * run before `http`, `express` or `pg` are first required: each app's main.ts imports
 * `tracing.register` first. Answers false (and loads nothing) when tracing is not configured.
 */
export function startTracing(app: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (tracingOn || !tracingConfigured(env)) return tracingOn;
  // Required here, not imported at the top: with tracing off none of the SDK is loaded.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } =
    require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { W3CTraceContextPropagator } =
    require('@opentelemetry/core') as typeof import('@opentelemetry/core');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? `casetrail-${app}`,
    textMapPropagator: new W3CTraceContextPropagator(),
    instrumentations: [
      new HttpInstrumentation({
        // Health checks and scrapes are not anyone's request.
        ignoreIncomingRequestHook: (request) => /^\/(health|metrics)(\/|$|\?)/.test(request.url ?? ''),
      }),
      new ExpressInstrumentation(),
      new PgInstrumentation(),
    ],
  });
  sdk.start();
  tracingOn = true;
  flush = () => sdk.shutdown().catch(() => undefined);
  process.once('beforeExit', () => void flushTracing());
  return true;
}

/** Exports the spans still buffered and stops the SDK; a no-op when tracing is off. */
export async function flushTracing(): Promise<void> {
  const pending = flush;
  flush = undefined;
  await pending?.();
}

const TRACER = 'casetrail';

/** The W3C trace context of the active span as message headers (`traceparent`); none when off. */
export function traceHeaders(): Record<string, string> {
  if (!tracingOn) return {};
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}

/** The trace context a message's headers carry. */
export function contextFromHeaders(headers: Record<string, string | undefined>): Context {
  return propagation.extract(context.active(), headers);
}

/** The trace id and span id of the active span, for log lines; undefined when off or none. */
export function activeTraceIds(): { traceId: string; spanId: string } | undefined {
  if (!tracingOn) return undefined;
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

export interface MessagesSpanOptions {
  kind?: SpanKind;
  attributes?: Record<string, string | number>;
}

/**
 * Runs `work` in a span that continues the trace of the first message and links every message's
 * trace: a batch of a single command is one trace from the HTTP request on, and a batch mixing
 * commands still leads back to each of them. With tracing off, just runs `work`.
 */
export async function inMessagesSpan<T>(
  name: string,
  messageHeaders: Record<string, string | undefined>[],
  work: () => Promise<T>,
  { kind = SpanKind.CONSUMER, attributes }: MessagesSpanOptions = {},
): Promise<T> {
  if (!tracingOn) return work();
  const parents = messageHeaders.map((headers) => contextFromHeaders(headers));
  const links: Link[] = [];
  const seen = new Set<string>();
  for (const parent of parents) {
    const spanContext = trace.getSpanContext(parent);
    if (!spanContext || seen.has(spanContext.spanId)) continue;
    seen.add(spanContext.spanId);
    links.push({ context: spanContext });
  }
  const parent = parents.find((candidate) => trace.getSpanContext(candidate)) ?? context.active();
  return trace
    .getTracer(TRACER)
    .startActiveSpan(name, { kind, links, attributes }, parent, (span) => finishing(span, work));
}

async function finishing<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
    throw error;
  } finally {
    span.end();
  }
}

/** As inMessagesSpan, for synchronous work (a push to live clients). */
export function inMessageSpanSync<T>(
  name: string,
  headers: Record<string, string | undefined>,
  work: () => T,
  { kind = SpanKind.INTERNAL, attributes }: MessagesSpanOptions = {},
): T {
  if (!tracingOn) return work();
  const parent = contextFromHeaders(headers);
  return trace.getTracer(TRACER).startActiveSpan(name, { kind, attributes }, parent, (span) => {
    try {
      return work();
    } finally {
      span.end();
    }
  });
}

/** For tests: turns the helpers on against a tracer provider the test registered itself. */
export function useRegisteredTracerForTests(on: boolean): void {
  tracingOn = on;
}
