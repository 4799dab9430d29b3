import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordText, type AuditRecord } from '@casetrail/audit';
import { AppConfig } from '@casetrail/config';
import { HEADERS, TOPICS, toPolicyEventMessage } from '@casetrail/contracts';
import { PostgresListener } from '@casetrail/database';
import {
  POLICY_STREAM_ID,
  POLICY_STREAM_TYPE,
  casePolicyOf,
  decidePublishPolicy,
  policyInEffect,
  type Actor,
  type CasePolicy,
  type PolicyDocument,
  type PolicyPublished,
  type PolicyVersion,
  type PublishPolicy,
} from '@casetrail/domain';
import { newEventId, PostgresEventStore, StreamVersionConflict } from '@casetrail/event-store';
import { Clock } from '../clock';
import {
  findRememberedResponse,
  isUniqueViolation,
  rememberResponse,
  type Idempotency,
} from '../idempotent-requests';

/** NOTIFY channel a publish wakes every process's PolicyBook on. */
export const POLICY_CHANNEL = 'casetrail_policy';
/** The fallback when a notification is lost: every process re-reads the (short) stream this often. */
const REFRESH_MS = 5000;
const SEED_ACTOR: Actor = { userId: 'system:configuration', role: 'ADMIN' };
export const SEED_RATIONALE = 'initial policy from configuration';

export interface PolicyPublishRequest {
  actor: Actor;
  correlationId: string;
  /** The policy stream version the caller last saw (If-Match); without it, the version just read. */
  expectedVersion?: number;
  idempotency?: Idempotency;
  audit?: Omit<AuditRecord, 'recordedAt'>;
}

export interface PolicyPublishResult {
  /** The policy stream's version after the publish (the ETag). */
  streamVersion: number;
  published: PolicyVersion;
  replayed: boolean;
}

/** The policy an AppConfig describes: what version 1 of a fresh database is seeded with. */
export function policyFromConfig(config: AppConfig): PolicyDocument {
  const { version: _version, ...configured } = config.casePolicy;
  return configured;
}

/**
 * Every published policy version, held in memory so a decision costs no query for it: read at
 * start-up, again when a publish NOTIFYs, and every few seconds in case a notification was lost.
 * Before any version is known (or takes effect) decisions get the configuration's values, as
 * version 0.
 */
@Injectable()
export class PolicyBook implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PolicyBook.name);
  private versions: PolicyVersion[] = [];
  private listener?: PostgresListener;
  private timer?: NodeJS.Timeout;
  private readonly fallback: CasePolicy;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly eventStore: PostgresEventStore,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.fallback = { ...policyFromConfig(config), version: 0 };
  }

  /** Seeds version 1 from the configuration into an empty stream, then follows the stream. */
  async onModuleInit(): Promise<void> {
    await this.seedFromConfig();
    this.listener = new PostgresListener(
      this.config.DATABASE_URL,
      POLICY_CHANNEL,
      () => void this.refreshQuietly(),
    );
    await this.listener.start();
    this.timer = setInterval(() => void this.refreshQuietly(), REFRESH_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.listener?.stop();
  }

  /** The policy decisions made at `at` are made under. */
  inEffectAt(at: string): CasePolicy {
    const version = policyInEffect(this.versions, at);
    return version ? casePolicyOf(version) : this.fallback;
  }

  /** The policy of every version, the configuration's (version 0) first. */
  everyVersion(): CasePolicy[] {
    return [this.fallback, ...this.versions.map(casePolicyOf)];
  }

  /** Every version, oldest first, as last read. */
  history(): readonly PolicyVersion[] {
    return this.versions;
  }

  async refresh(): Promise<PolicyVersion[]> {
    this.versions = await readPolicyVersions(this.dataSource.manager);
    return this.versions;
  }

  /**
   * Publishes a new version: decided on the stream as it is now, appended at the version the
   * caller saw (If-Match) with its audit record, remembered under its Idempotency-Key.
   * @throws PolicyRuleViolation, StreamVersionConflict, IdempotencyKeyReused
   */
  async publish(command: PublishPolicy, request: PolicyPublishRequest): Promise<PolicyPublishResult> {
    const { idempotency } = request;
    if (idempotency) {
      const remembered = await findRememberedResponse<PolicyPublishResult>(
        this.dataSource.manager,
        idempotency,
      );
      if (remembered) return { ...remembered, replayed: true };
    }
    try {
      const history = await readPolicyVersions(this.dataSource.manager);
      if (request.expectedVersion !== undefined && request.expectedVersion !== history.length)
        throw new StreamVersionConflict(POLICY_STREAM_ID, request.expectedVersion);
      const now = this.clock.now().toISOString();
      const event = decidePublishPolicy(command, history, { actor: request.actor, now });
      const result = await this.dataSource.transaction(async (manager) => {
        await this.append(manager, history.length, event, request.correlationId, now, request.audit);
        const published: PolicyPublishResult = {
          streamVersion: history.length + 1,
          published: { ...event.data, publishedAt: now },
          replayed: false,
        };
        if (idempotency) await rememberResponse(manager, idempotency, published);
        return published;
      });
      await this.refreshQuietly();
      return result;
    } catch (error) {
      if (idempotency && isUniqueViolation(error)) {
        const remembered = await findRememberedResponse<PolicyPublishResult>(
          this.dataSource.manager,
          idempotency,
        );
        if (remembered) return { ...remembered, replayed: true };
      }
      throw error;
    }
  }

  /**
   * Version 1 from the configuration, when the stream is empty: the environment only ever seeds a
   * fresh database. Several processes starting together all try; the stream's compare-and-set lets
   * exactly one append.
   */
  async seedFromConfig(): Promise<void> {
    const history = await this.refresh();
    if (history.length > 0) return;
    const now = this.clock.now().toISOString();
    const event: PolicyPublished = {
      type: 'PolicyPublished',
      version: 1,
      data: {
        version: 1,
        effectiveFrom: now,
        rationale: SEED_RATIONALE,
        publishedBy: SEED_ACTOR,
        policy: policyFromConfig(this.config),
      },
    };
    try {
      await this.dataSource.transaction((manager) => this.append(manager, 0, event, randomUUID(), now));
      this.logger.log('published policy version 1 from the configuration');
    } catch (error) {
      if (!(error instanceof StreamVersionConflict)) throw error;
    }
    await this.refresh();
  }

  private async append(
    manager: EntityManager,
    expectedVersion: number,
    event: PolicyPublished,
    correlationId: string,
    now: string,
    audit?: Omit<AuditRecord, 'recordedAt'>,
  ): Promise<void> {
    await this.eventStore.append(
      POLICY_STREAM_ID,
      expectedVersion,
      [
        {
          eventId: newEventId(),
          type: event.type,
          schemaVersion: event.version,
          data: event.data,
          metadata: { actor: event.data.publishedBy, correlationId, causationId: null },
          occurredAt: now,
          recordedAt: now,
        },
      ],
      {
        streamType: POLICY_STREAM_TYPE,
        manager,
        outbox: (appended) =>
          appended.map((stored) => ({
            topic: TOPICS.policyEvents,
            key: stored.streamId,
            payload: toPolicyEventMessage(stored),
            headers: {
              [HEADERS.eventId]: stored.eventId,
              [HEADERS.eventType]: stored.type,
              [HEADERS.correlationId]: stored.metadata.correlationId,
            },
          })),
        auditRecords: audit
          ? [{ streamId: POLICY_STREAM_ID, record: recordText({ ...audit, recordedAt: now }) }]
          : [],
      },
    );
    await manager.query('SELECT pg_notify($1, $2)', [POLICY_CHANNEL, String(event.data.version)]);
  }

  private async refreshQuietly(): Promise<void> {
    try {
      await this.refresh();
    } catch (error) {
      this.logger.warn(`policy not re-read: ${(error as Error).message}`);
    }
  }
}

/** Every version on the policy stream, oldest first. */
export async function readPolicyVersions(manager: EntityManager): Promise<PolicyVersion[]> {
  const rows: { data: Omit<PolicyVersion, 'publishedAt'>; recorded_at: Date }[] = await manager.query(
    `SELECT data, recorded_at FROM events WHERE stream_id = $1 ORDER BY stream_version`,
    [POLICY_STREAM_ID],
  );
  return rows.map(({ data, recorded_at }) => ({ ...data, publishedAt: recorded_at.toISOString() }));
}
