import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TOPICS } from '@casetrail/contracts';
import {
  eventually,
  officeCallers,
  postJson,
  prepareSystem,
  startAllAppProcesses,
  TopicReader,
  type AppProcess,
  type OfficeCaller,
  type TestDatabase,
} from '@casetrail/testing';
import { openDetainedCase } from './support/case-journeys';

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
}

interface OtlpJson {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
    scopeSpans?: { spans?: Omit<ReceivedSpan, 'service'>[] }[];
  }[];
}

const SERVER_KIND = 2;

/** A tiny OTLP/HTTP JSON receiver: the spans the apps export, as they arrive. */
async function startTraceReceiver(): Promise<{ server: Server; url: string; spans: ReceivedSpan[] }> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const payload = JSON.parse(body || '{}') as OtlpJson;
      for (const resourceSpans of payload.resourceSpans ?? []) {
        const service =
          resourceSpans.resource?.attributes?.find((attribute) => attribute.key === 'service.name')?.value
            .stringValue ?? '';
        for (const scope of resourceSpans.scopeSpans ?? [])
          for (const span of scope.spans ?? []) spans.push({ ...span, service });
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans };
}

/**
 * One command followed across the processes by its W3C trace: the api's HTTP span, the outbox row's
 * and Kafka message's `traceparent`, the projector's batch span, the live push and the alert message.
 */
describe('one trace from the HTTP request to the alert message', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let topicPrefix: string;
  let baseUrl: string;
  let apps: AppProcess[] = [];
  let api: AppProcess;
  let receiver: Awaited<ReturnType<typeof startTraceReceiver>>;
  let rcaOverdue: TopicReader;
  let auth: Record<OfficeCaller, Record<string, string>>;

  beforeAll(async () => {
    auth = await officeCallers('WAS');
    receiver = await startTraceReceiver();
    ({ database, topicPrefix, baseUrl, env } = await prepareSystem({
      RCA_WINDOW_MS: '2000',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    }));
    apps.push(...(await startAllAppProcesses(env)));
    api = apps[1];
    rcaOverdue = await new TopicReader(topicPrefix, TOPICS.rcaOverdueAlerts).start();
    await post('/offices', { officeId: 'WAS', name: 'Washington Field Office' });
    await post('/officers', {
      officerId: 'WAS-ND-001',
      officeId: 'WAS',
      displayName: 'N 1',
      unit: 'NON_DETAINED',
    });
  }, 90_000);

  afterAll(async () => {
    await rcaOverdue?.stop();
    await Promise.all(apps.map((app) => app.stop()));
    apps = [];
    receiver?.server.close();
    await database?.drop();
  }, 30_000);

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await postJson<{ caseId: string }>(`${baseUrl}${path}`, body, {
      ...(path.startsWith('/cases') ? auth.officer : auth.admin),
      ...headers,
    });
    if (response.status >= 300)
      throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  it('carries the command’s trace id to the projector’s batch, the live push and the alert header', async () => {
    const caseId = await openDetainedCase(post, {
      officeId: 'WAS',
      officerId: 'WAS-ND-001',
      subject: {
        givenName: 'Ana',
        familyName: 'Example',
        aNumber: 'A123456789',
        dateOfBirth: '1990-01-31',
        countryOfCitizenship: 'MX',
      },
    });
    // The scheduler raises the RCA-overdue alert; the assessment below resolves it.
    await eventually(
      () => expect(rcaOverdue.messages.filter((m) => m.key === caseId)).toHaveLength(1),
      15_000,
    );

    const correlationId = `trace-test-${Date.now()}`;
    await post(
      `/cases/${caseId}/risk-classifications`,
      {
        publicSafetyRisk: 'LOW',
        flightRisk: 'LOW',
        specialVulnerabilities: [],
        recommendation: 'DETAIN',
        completedAt: new Date().toISOString(),
      },
      { 'x-correlation-id': correlationId },
    );

    const resolved = await eventually(() => {
      const [, message] = rcaOverdue.messages.filter((m) => m.key === caseId);
      expect(message?.headers['correlation-id']).toBe(correlationId);
      return message;
    }, 15_000);
    const traceparent = resolved.headers.traceparent;
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const traceId = traceparent.split('-')[1];

    const spans = await eventually(() => {
      const inTrace = receiver.spans.filter((span) => span.traceId === traceId);
      expect(inTrace.map((span) => `${span.service} ${span.name}`)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^casetrail-api POST/),
          'casetrail-projector case-events.v1 process',
          'casetrail-api casetrail_read_models push',
        ]),
      );
      return inTrace;
    }, 15_000);
    const request = spans.find((span) => span.service === 'casetrail-api' && span.kind === SERVER_KIND);
    expect(request?.parentSpanId || undefined).toBeUndefined(); // the trace starts at the request
    const batch = spans.find((span) => span.name === 'case-events.v1 process');
    expect(batch?.parentSpanId).toBeTruthy();
    expect(spans.some((span) => span.spanId === batch?.parentSpanId)).toBe(true);

    // The operator's way in: the request's log line names the trace beside the correlation id.
    const requestLine = api
      .output()
      .split('\n')
      .find(
        (line) => line.includes(`"correlationId":"${correlationId}"`) && line.includes('request completed'),
      );
    expect(requestLine).toContain(`"traceId":"${traceId}"`);
  }, 60_000);
});
