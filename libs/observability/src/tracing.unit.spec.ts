import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  inMessageSpanSync,
  inMessagesSpan,
  traceHeaders,
  tracingConfigured,
  useRegisteredTracerForTests,
} from './tracing';

describe('tracing configuration', () => {
  it('is off unless an exporter or an OTLP endpoint is configured', () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(tracingConfigured({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(
      true,
    );
    expect(
      tracingConfigured({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_TRACES_EXPORTER: 'none',
      }),
    ).toBe(false);
    expect(tracingConfigured({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' })).toBe(false);
  });
});

describe('trace context through messages', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = () => trace.getTracer('test');

  beforeAll(() => provider.register());
  afterAll(async () => {
    useRegisteredTracerForTests(false);
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });
  beforeEach(() => {
    exporter.reset();
    useRegisteredTracerForTests(true);
  });

  /** The headers a message written inside a new span of its own trace carries, and that span. */
  const messageOfNewTrace = (name: string) =>
    tracer().startActiveSpan(name, (span) => {
      const headers = traceHeaders();
      span.end();
      return { headers, traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
    });

  it('writes the active span as a W3C traceparent header', () => {
    const { headers, traceId, spanId } = messageOfNewTrace('POST /cases');
    expect(headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);
  });

  it('continues the first message’s trace in a batch span linking every message', async () => {
    const first = messageOfNewTrace('command 1');
    const second = messageOfNewTrace('command 2');
    let written: Record<string, string> = {};

    await inMessagesSpan(
      'case-events.v1 process',
      [first.headers, second.headers, first.headers],
      async () => {
        written = traceHeaders();
      },
    );

    const batch = exporter.getFinishedSpans().find((span) => span.name === 'case-events.v1 process');
    expect(batch?.spanContext().traceId).toBe(first.traceId);
    expect(batch?.parentSpanContext?.spanId).toBe(first.spanId);
    expect(batch?.links.map((link) => link.context.spanId)).toEqual([first.spanId, second.spanId]);
    // What the batch writes (alert messages) carries the batch span, in the first command's trace.
    expect(written.traceparent).toBe(`00-${first.traceId}-${batch?.spanContext().spanId}-01`);
  });

  it('starts a trace of its own for a batch whose messages carry none, and ends it on failure', async () => {
    await expect(
      inMessagesSpan('case-events.v1 process', [{}, { traceparent: 'not a traceparent' }], async () => {
        throw new Error('applying failed');
      }),
    ).rejects.toThrow('applying failed');
    const [batch] = exporter.getFinishedSpans();
    expect(batch.parentSpanContext).toBeUndefined();
    expect(batch.links).toEqual([]);
    expect(batch.status.code).toBe(2); // ERROR
  });

  it('runs a live push in a span of the change’s trace', () => {
    const change = messageOfNewTrace('batch');
    const answer = inMessageSpanSync('casetrail_read_models push', change.headers, () => 42);
    expect(answer).toBe(42);
    const push = exporter.getFinishedSpans().find((span) => span.name === 'casetrail_read_models push');
    expect(push?.spanContext().traceId).toBe(change.traceId);
  });

  it('writes no header and records no span when tracing is off', async () => {
    useRegisteredTracerForTests(false);
    const result = tracer().startActiveSpan('request', (span) => {
      const headers = traceHeaders();
      span.end();
      return headers;
    });
    expect(result).toEqual({});
    exporter.reset();
    expect(await inMessagesSpan('batch', [{}], async () => 'done')).toBe('done');
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
