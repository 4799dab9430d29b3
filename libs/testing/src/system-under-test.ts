import { freePort } from './free-port';
import { E2E_RUN_FLAG, rememberTopicPrefix } from './personal-data-scan';
import { createTestDatabase, uniqueTopicPrefix, type TestDatabase } from './test-database';

export interface SystemUnderTest {
  database: TestDatabase;
  topicPrefix: string;
  baseUrl: string;
  /** The environment every app process of this test runs with. */
  env: Record<string, string>;
}

/**
 * A private database, topic prefix, consumer group and port for one end-to-end test file, so
 * its apps share the real Postgres and broker with every other test without seeing their data.
 */
export async function prepareSystem(settings: Record<string, string> = {}): Promise<SystemUnderTest> {
  const database = await createTestDatabase();
  const topicPrefix = uniqueTopicPrefix();
  if (process.env[E2E_RUN_FLAG]) rememberTopicPrefix(topicPrefix);
  const port = String(await freePort());
  return {
    database,
    topicPrefix,
    baseUrl: `http://127.0.0.1:${port}`,
    env: {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      PROJECTOR_GROUP_ID: `${topicPrefix}projector`,
      PORT: port,
      // Several processes of one app run at once (two schedulers): each ops server takes a free port.
      RELAY_OPS_PORT: '0',
      PROJECTOR_OPS_PORT: '0',
      SCHEDULER_OPS_PORT: '0',
      // The one relay's name in the shard leases, stable across its restarts as a deployment slot's
      // would be: a relay killed and started again takes its shards back without waiting for them to lapse.
      RELAY_INSTANCE_ID: `${topicPrefix}relay`,
      // Tests under load write as one officer: the rate limit counts per caller, and is tested elsewhere.
      RATE_LIMIT_PER_MINUTE: '100000000',
      ...settings,
    },
  };
}

/** POSTs JSON and answers the status and parsed body. */
export async function postJson<T>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}
