import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '@casetrail/config';
import { HEADERS, TOPICS } from '@casetrail/contracts';
import {
  decide,
  evolve,
  type Actor,
  type CaseCommand,
  type CaseState,
  type DecisionContext,
} from '@casetrail/domain';
import {
  PostgresEventStore,
  StreamVersionConflict,
  type OutboxMessage,
  type StoredEvent,
} from '@casetrail/event-store';
import { toCaseEventMessage } from './case-events.codec';
import { CaseSnapshots } from './case-snapshots';
import { Clock } from './clock';
import {
  findRememberedResponse,
  isUniqueViolation,
  rememberResponse,
  type Idempotency,
} from './idempotent-requests';

export interface CommandRequest {
  actor: Actor;
  correlationId: string;
  causationId?: string | null;
  /** The version the caller last saw (If-Match); without it, the version just loaded. */
  expectedVersion?: number;
  /** Business time of the resulting events; defaults to now. */
  occurredAt?: string;
  /** With an Idempotency-Key, a repeated request returns the first result and records nothing. */
  idempotency?: Idempotency;
  /**
   * Append in a transaction the caller holds, so what else it writes (the scheduler marking its
   * deadline fired) commits with the events or not at all.
   */
  manager?: EntityManager;
}

export interface RecordedEvent {
  eventId: string;
  type: string;
  streamVersion: number;
}

export interface CommandResult {
  caseId: string;
  /** The case's stream version after the command. */
  version: number;
  events: RecordedEvent[];
  /** True when this is the remembered result of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

export const CASE_STREAM_TYPE = 'case';

/** Load → decide → append: the one path by which anything happens to a case. */
@Injectable()
export class CaseRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly eventStore: PostgresEventStore,
    private readonly snapshots: CaseSnapshots,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** The case's current state and version (0 and the initial state when it does not exist). */
  async load(caseId: string): Promise<{ state: CaseState; version: number }> {
    return this.snapshots.load(caseId);
  }

  /**
   * @throws CaseRuleViolation when the domain refuses the command,
   * StreamVersionConflict when the case moved on since `expectedVersion`,
   * IdempotencyKeyReused when the key was used for a different request.
   */
  async execute(caseId: string, command: CaseCommand, request: CommandRequest): Promise<CommandResult> {
    const { idempotency } = request;
    if (idempotency) {
      const remembered = await findRememberedResponse<CommandResult>(this.dataSource.manager, idempotency);
      if (remembered) return { ...remembered, replayed: true };
    }
    try {
      return await this.decideAndAppend(caseId, command, request);
    } catch (error) {
      // The same key raced us and won: its result is the answer to this request too.
      if (idempotency && isUniqueViolation(error)) {
        const remembered = await findRememberedResponse<CommandResult>(this.dataSource.manager, idempotency);
        if (remembered) return { ...remembered, replayed: true };
      }
      throw error;
    }
  }

  private async decideAndAppend(
    caseId: string,
    command: CaseCommand,
    request: CommandRequest,
  ): Promise<CommandResult> {
    const loaded = await this.snapshots.load(caseId);
    const expectedVersion = request.expectedVersion ?? loaded.version;
    // The caller's precondition comes before any rule: they decided on a version that is gone.
    if (expectedVersion !== loaded.version) throw new StreamVersionConflict(caseId, expectedVersion);

    const now = this.clock.now().toISOString();
    const context: DecisionContext = {
      actor: request.actor,
      now,
      policy: { riskClassificationWindowMs: this.config.RCA_WINDOW_MS },
    };
    const decided = decide(command, loaded.state, context);
    const states: CaseState[] = [];
    for (const event of decided) states.push(evolve(states.at(-1) ?? loaded.state, event));

    const appendWithin = async (manager: EntityManager): Promise<CommandResult> => {
      const stored = await this.eventStore.append(
        caseId,
        expectedVersion,
        decided.map((event) => ({
          eventId: randomUUID(),
          type: event.type,
          schemaVersion: event.version,
          data: event.data,
          metadata: {
            actor: request.actor,
            correlationId: request.correlationId,
            causationId: request.causationId ?? null,
          },
          occurredAt: request.occurredAt ?? now,
          recordedAt: now,
        })),
        {
          streamType: CASE_STREAM_TYPE,
          manager,
          outbox: (events) =>
            events.map((event, index) => caseEventOutboxMessage(event, states[index].officeId ?? '')),
        },
      );
      const version = expectedVersion + stored.length;
      const finalState = states.at(-1) ?? loaded.state;
      await this.snapshots.saveIfDue(manager, caseId, loaded.version, version, finalState);
      const result: CommandResult = {
        caseId,
        version,
        events: stored.map((event) => ({
          eventId: event.eventId,
          type: event.type,
          streamVersion: event.streamVersion,
        })),
        replayed: false,
      };
      if (request.idempotency) await rememberResponse(manager, request.idempotency, result);
      return result;
    };
    return request.manager ? appendWithin(request.manager) : this.dataSource.transaction(appendWithin);
  }
}

function caseEventOutboxMessage(event: StoredEvent, officeId: string): OutboxMessage {
  return {
    topic: TOPICS.caseEvents,
    key: event.streamId,
    payload: toCaseEventMessage(event, officeId),
    headers: {
      [HEADERS.eventId]: event.eventId,
      [HEADERS.eventType]: event.type,
      [HEADERS.correlationId]: event.metadata.correlationId,
    },
  };
}

/** A CaseRepository outside Nest, for command-line tools, benchmarks and tests. */
export function standaloneCaseRepository(
  dataSource: DataSource,
  config: AppConfig,
  clock: Clock,
): CaseRepository {
  const eventStore = new PostgresEventStore(dataSource);
  return new CaseRepository(dataSource, eventStore, new CaseSnapshots(dataSource, eventStore), clock, config);
}
