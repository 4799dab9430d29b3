import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { migrate } from '@casetrail/database';
import { AppProcess, REPO_ROOT, type AppName } from './app-process';
import { freePort } from './ports';
import { installProjectionLedger } from './projection-ledger';

/** The offices and officers every fault's commands use; seeded straight into the roster tables. */
/** Where each fault's apps leave their output when the fault ends: `<fault>-<app>.log`. */
export const APP_LOG_DIR = join(REPO_ROOT, '.run', 'faults', 'logs');

export const ROSTER = { officeId: 'WAS', officers: ['WAS-ND-001', 'WAS-ND-002'] } as const;

export interface SystemSettings {
  /** Postgres server (any database on it); the system gets a fresh database of its own there. */
  databaseServerUrl: string;
  kafkaBrokers: string;
  /** Settings every app of this system runs with, on top of the defaults. */
  env?: Record<string, string>;
}

export interface StoreSnapshot {
  eventIds: Set<string>;
  /** Case id → highest stored version. */
  streams: Map<string, number>;
}

/**
 * One fault's private Casetrail: its own database (migrated, rostered, with the projection ledger),
 * topic prefix, consumer group and ports, and the api, relay and projector as built processes.
 */
export class FaultSystem {
  readonly db: Pool;
  readonly apps: Record<AppName, AppProcess>;

  private constructor(
    readonly name: string,
    readonly databaseUrl: string,
    private readonly serverUrl: string,
    readonly topicPrefix: string,
    readonly kafkaBrokers: string,
    readonly apiUrl: string,
    readonly opsUrls: Record<AppName, string>,
    readonly env: Record<string, string>,
  ) {
    this.db = new Pool({ connectionString: databaseUrl, max: 4 });
    // A query on a pool connection that a Postgres restart cut is retried by the caller.
    this.db.on('error', () => undefined);
    this.apps = {
      api: new AppProcess('api', env, `${apiUrl}/health/ready`),
      relay: new AppProcess('relay', env, `${opsUrls.relay}/health/ready`),
      projector: new AppProcess('projector', env, `${opsUrls.projector}/health/ready`),
    };
  }

  static async create(name: string, settings: SystemSettings): Promise<FaultSystem> {
    const suffix = randomBytes(4).toString('hex');
    const url = new URL(settings.databaseServerUrl);
    url.pathname = `/casetrail_faults_${name.replace(/-/g, '_')}_${suffix}`;
    await migrate(url.toString());
    const topicPrefix = `faults-${name}-${suffix}.`;
    const [apiPort, relayPort, projectorPort] = [await freePort(), await freePort(), await freePort()];
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const opsUrls = {
      api: apiUrl,
      relay: `http://127.0.0.1:${relayPort}`,
      projector: `http://127.0.0.1:${projectorPort}`,
    };
    const env = {
      DATABASE_URL: url.toString(),
      KAFKA_BROKERS: settings.kafkaBrokers,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      PROJECTOR_GROUP_ID: `${topicPrefix}projector`,
      PORT: String(apiPort),
      RELAY_OPS_PORT: String(relayPort),
      PROJECTOR_OPS_PORT: String(projectorPort),
      NODE_ENV: 'test',
      // The load is one officer's token: the rate limit counts per caller, and is not under test here.
      RATE_LIMIT_PER_MINUTE: '100000000',
      ...settings.env,
    };
    const system = new FaultSystem(
      name,
      url.toString(),
      settings.databaseServerUrl,
      topicPrefix,
      settings.kafkaBrokers,
      apiUrl,
      opsUrls,
      env,
    );
    await system.db.query('INSERT INTO offices (office_id, name) VALUES ($1, $2)', [
      ROSTER.officeId,
      'Fault suite field office',
    ]);
    for (const officerId of ROSTER.officers) {
      await system.db.query(
        'INSERT INTO officers (officer_id, office_id, display_name, unit) VALUES ($1, $2, $3, $4)',
        [officerId, ROSTER.officeId, officerId, 'NON_DETAINED'],
      );
    }
    await installProjectionLedger(system.db);
    return system;
  }

  /** The relay first (it creates the topics), then the api and the projector. */
  async startAll(): Promise<void> {
    await this.apps.relay.start();
    await Promise.all([this.apps.api.start(), this.apps.projector.start()]);
  }

  async store(): Promise<StoreSnapshot> {
    const { rows } = await this.db.query<{ event_id: string; stream_id: string; stream_version: number }>(
      // Case events only: the policy stream's versions go to policy-events.v1, not case-events.v1.
      `SELECT event_id, stream_id, stream_version FROM events
       WHERE stream_id IN (SELECT stream_id FROM streams WHERE stream_type = 'case')`,
    );
    const streams = new Map<string, number>();
    for (const row of rows)
      streams.set(row.stream_id, Math.max(streams.get(row.stream_id) ?? 0, row.stream_version));
    return { eventIds: new Set(rows.map((row) => row.event_id)), streams };
  }

  async outboxBacklog(): Promise<number> {
    const { rows } = await this.db.query<{ count: string }>('SELECT count(*) AS count FROM outbox');
    return Number(rows[0].count);
  }

  /** One sample of a Prometheus metric (the sum over its label sets); undefined when unavailable. */
  async metric(app: AppName, name: string): Promise<number | undefined> {
    try {
      const response = await fetch(`${this.opsUrls[app]}/metrics`, { signal: AbortSignal.timeout(3_000) });
      const text = await response.text();
      let total: number | undefined;
      for (const line of text.split('\n')) {
        const match = /^([a-z_:]+)(\{[^}]*\})? ([0-9.eE+-]+|NaN)$/.exec(line);
        if (match && match[1] === name) total = (total ?? 0) + Number(match[3]);
      }
      return total;
    } catch {
      return undefined;
    }
  }

  /**
   * Stops the apps gracefully, keeps their output in APP_LOG_DIR (for whoever reads a failed run)
   * and drops the database.
   */
  async close(): Promise<void> {
    await Promise.all(Object.values(this.apps).map((app) => app.stop()));
    mkdirSync(APP_LOG_DIR, { recursive: true });
    for (const app of Object.values(this.apps))
      writeFileSync(join(APP_LOG_DIR, `${this.name}-${app.name}.log`), app.keptOutput);
    await this.db.end().catch(() => undefined);
    const admin = new URL(this.serverUrl);
    admin.pathname = '/postgres';
    const client = new Client({ connectionString: admin.toString() });
    try {
      await client.connect();
      await client.query(
        `DROP DATABASE IF EXISTS "${new URL(this.databaseUrl).pathname.slice(1)}" WITH (FORCE)`,
      );
    } catch {
      // A private server that is gone takes its databases with it.
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
