import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { OutsideCallerOffices } from '@casetrail/auth';
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
  signalOutbox,
  type AppendedEvent,
  StreamVersionConflict,
  type NewEvent,
  type OutboxMessage,
} from '@casetrail/event-store';
import { toCaseEventMessage } from './case-events.codec';
import { CaseSnapshots } from './case-snapshots';
import { Clock } from './clock';
import { PersonalDataVault } from './personal-data';
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
   * The offices the caller may act in; a case in any other office is refused as if it did not
   * exist. Undefined for the system's own work (the scheduler), which spans every office.
   */
  officeScope?: readonly string[];
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

/** One command of a batch (`executeEach`), with the correlation it is recorded under. */
export interface CaseCommandRequest {
  caseId: string;
  command: CaseCommand;
  correlationId: string;
  causationId?: string | null;
}

/** What became of one command of a batch: its result, or why nothing was recorded for it. */
export type CaseCommandOutcome =
  { caseId: string; result: CommandResult } | { caseId: string; error: unknown };

/** Load → decide → append: the one path by which anything happens to a case. */
@Injectable()
export class CaseRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly eventStore: PostgresEventStore,
    private readonly snapshots: CaseSnapshots,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly personalData: PersonalDataVault,
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

  /**
   * Commands to many different cases at once, in the caller's transaction: the cases are loaded in
   * two queries and every accepted command's events appended in a few statements, not a handful
   * per case. Each command is still decided on its own case alone: one the domain refuses, or whose
   * case moved meanwhile (StreamVersionConflict), gets its error and changes nothing for the others.
   * For the system's own work (the scheduler): no idempotency keys, no office scope.
   */
  async executeEach(
    commands: readonly CaseCommandRequest[],
    request: { actor: Actor; manager: EntityManager },
  ): Promise<CaseCommandOutcome[]> {
    const { actor, manager } = request;
    const loaded = await this.snapshots.loadMany(
      commands.map((item) => item.caseId),
      manager,
    );
    const now = this.clock.now().toISOString();
    const context: DecisionContext = {
      actor,
      now,
      policy: { riskClassificationWindowMs: this.config.RCA_WINDOW_MS },
    };
    const outcomes = new Map<CaseCommandRequest, CaseCommandOutcome>();
    const decidedByCase = new Map<
      string,
      { item: CaseCommandRequest; states: CaseState[]; events: NewEvent[] }
    >();
    for (const item of commands) {
      const current = loaded.get(item.caseId);
      if (!current || decidedByCase.has(item.caseId)) {
        outcomes.set(item, {
          caseId: item.caseId,
          error: new Error(`case ${item.caseId} twice in one batch`),
        });
        continue;
      }
      try {
        const decided = decide(item.command, current.state, context);
        const states: CaseState[] = [];
        for (const event of decided) states.push(evolve(states.at(-1) ?? current.state, event));
        const storable = await this.personalData.protect(manager, item.caseId, decided);
        decidedByCase.set(item.caseId, {
          item,
          states,
          events: storable.map((event) => ({
            eventId: randomUUID(),
            type: event.type,
            schemaVersion: event.version,
            data: event.data,
            metadata: { actor, correlationId: item.correlationId, causationId: item.causationId ?? null },
            occurredAt: now,
            recordedAt: now,
          })),
        });
      } catch (error) {
        outcomes.set(item, { caseId: item.caseId, error });
      }
    }
    const officeOf = new Map<string, string[]>(
      [...decidedByCase].map(([caseId, { states }]) => [caseId, states.map((state) => state.officeId ?? '')]),
    );
    const { stored, conflicted } = await this.eventStore.appendToStreams(
      manager,
      [...decidedByCase].map(([caseId, { events }]) => ({
        streamId: caseId,
        expectedVersion: loaded.get(caseId)?.version ?? 0,
        events,
      })),
      {
        streamType: CASE_STREAM_TYPE,
        outbox: (events) =>
          events.map((event) => {
            const offices = officeOf.get(event.streamId) ?? [];
            const first = (loaded.get(event.streamId)?.version ?? 0) + 1;
            return caseEventOutboxMessage(event, offices[event.streamVersion - first] ?? '');
          }),
      },
    );
    for (const caseId of conflicted) {
      const entry = decidedByCase.get(caseId);
      const version = loaded.get(caseId)?.version ?? 0;
      if (entry) outcomes.set(entry.item, { caseId, error: new StreamVersionConflict(caseId, version) });
    }
    for (const [caseId, events] of stored) {
      const entry = decidedByCase.get(caseId);
      const before = loaded.get(caseId);
      if (!entry || !before) continue;
      const version = before.version + events.length;
      await this.snapshots.saveIfDue(
        manager,
        caseId,
        before.version,
        version,
        entry.states.at(-1) ?? before.state,
      );
      outcomes.set(entry.item, {
        caseId,
        result: {
          caseId,
          version,
          events: events.map((event) => ({
            eventId: event.eventId,
            type: event.type,
            streamVersion: event.streamVersion,
          })),
          replayed: false,
        },
      });
    }
    return commands.map(
      (item) =>
        outcomes.get(item) ?? {
          caseId: item.caseId,
          error: new Error(`case ${item.caseId}: nothing appended`),
        },
    );
  }

  private async decideAndAppend(
    caseId: string,
    command: CaseCommand,
    request: CommandRequest,
  ): Promise<CommandResult> {
    const loaded = await this.snapshots.load(caseId);
    if (request.officeScope && loaded.state.opened && !request.officeScope.includes(loaded.state.officeId)) {
      throw new OutsideCallerOffices('CASE');
    }
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
      const storable = await this.personalData.protect(manager, caseId, decided);
      const stored = await this.eventStore.append(
        caseId,
        expectedVersion,
        storable.map((event) => ({
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
          // In its own transaction the repository wakes the relay after commit (below).
          signalledAfterCommit: !request.manager,
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
    if (request.manager) return appendWithin(request.manager);
    const result = await this.dataSource.transaction(appendWithin);
    signalOutbox(this.dataSource);
    return result;
  }
}

function caseEventOutboxMessage(event: AppendedEvent, officeId: string): OutboxMessage {
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
  return new CaseRepository(
    dataSource,
    eventStore,
    new CaseSnapshots(dataSource, eventStore),
    clock,
    config,
    new PersonalDataVault(config.personalDataKey),
  );
}
