import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordText, type AuditRecord } from '@casetrail/audit';
import { OutsideCallerOffices } from '@casetrail/auth';
import { AppConfig } from '@casetrail/config';
import { HEADERS, TOPICS } from '@casetrail/contracts';
import {
  CaseRuleViolation,
  decide,
  evolve,
  officeActingOn,
  type Actor,
  type CaseEvent,
  type CaseCommand,
  type CaseState,
  type DecisionContext,
} from '@casetrail/domain';
import {
  PostgresEventStore,
  signalOutbox,
  StreamVersionConflict,
  type AppendedEvent,
  type AppendOptions,
  type OutboxMessage,
  type StoredEvent,
  type StreamAppend,
} from '@casetrail/event-store';
import { toCaseEventMessage } from '@casetrail/contracts';
import { CaseSnapshots, isSnapshotDue } from './case-snapshots';
import { Clock } from './clock';
import { PersonalDataVault } from './personal-data';
import { PolicyBook } from './policy/policy-book';
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
   * The audit record of the request (its time is the command's), written with the events: a
   * command that is acknowledged is never without its record.
   */
  audit?: Omit<AuditRecord, 'recordedAt'>;
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
  /** Business time of the resulting events; defaults to now. */
  occurredAt?: string;
}

/** What became of one command of a batch: its result, or why nothing was recorded for it. */
export type CaseCommandOutcome =
  { caseId: string; result: CommandResult } | { caseId: string; error: unknown };

interface LoadedCase {
  state: CaseState;
  version: number;
}

/** What the domain decided for one case: its events and the case's state after each of them. */
interface CaseDecision {
  item: CaseCommandRequest;
  before: LoadedCase;
  events: CaseEvent[];
  states: CaseState[];
}

/** Case events to append to one case, with the office the case is in after each of them. */
export interface CaseEventsAppend extends StreamAppend {
  officeIds: readonly string[];
}

/**
 * The append of decided case events with one `case-events.v1` message each: the statement the api
 * and the scheduler run (and the append benchmark measures). Without `manager` it is its own
 * transaction.
 */
export function appendCaseEvents(
  eventStore: PostgresEventStore,
  appends: readonly CaseEventsAppend[],
  options: Pick<AppendOptions, 'manager' | 'signalledAfterCommit' | 'auditRecords'> = {},
): Promise<{ stored: Map<string, StoredEvent[]>; conflicted: string[] }> {
  const officesOf = new Map(appends.map((append) => [append.streamId, append]));
  return eventStore.appendToStreams(appends, {
    ...options,
    streamType: CASE_STREAM_TYPE,
    outbox: (events) =>
      events.map((event) => {
        const append = officesOf.get(event.streamId);
        const office = append?.officeIds[event.streamVersion - append.expectedVersion - 1];
        return caseEventOutboxMessage(event, office ?? '');
      }),
  });
}

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
    private readonly policies: PolicyBook,
  ) {}

  /** The case's current state and version (0 and the initial state when it does not exist). */
  async load(caseId: string): Promise<LoadedCase> {
    return this.snapshots.load(caseId);
  }

  /**
   * One command to one case (the api's path).
   * @throws CaseRuleViolation when the domain refuses the command or the case does not exist,
   * OutsideCallerOffices when the case is in an office outside `officeScope`,
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
      const loaded = await this.snapshots.load(caseId);
      assertVisible(loaded.state, command, request.officeScope);
      // The caller's precondition comes before any rule: they decided on a version that is gone.
      if (request.expectedVersion !== undefined && request.expectedVersion !== loaded.version)
        throw new StreamVersionConflict(caseId, request.expectedVersion);
      const [outcome] = await this.decideAndAppend(
        [
          {
            caseId,
            command,
            correlationId: request.correlationId,
            causationId: request.causationId,
            occurredAt: request.occurredAt,
          },
        ],
        new Map([[caseId, loaded]]),
        request,
      );
      if ('error' in outcome) throw outcome.error;
      return outcome.result;
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
   * two queries and every accepted command's events appended in one statement, not a handful per
   * case. Each command is still decided on its own case alone: one the domain refuses, or whose
   * case moved meanwhile (StreamVersionConflict), gets its error and changes nothing for the others.
   * For the system's own work (the scheduler): no idempotency keys, no office scope.
   */
  async executeEach(
    commands: readonly CaseCommandRequest[],
    request: { actor: Actor; manager: EntityManager },
  ): Promise<CaseCommandOutcome[]> {
    const loaded = await this.snapshots.loadMany(
      commands.map((item) => item.caseId),
      request.manager,
    );
    return this.decideAndAppend(commands, loaded, request);
  }

  /**
   * Decides each command on its loaded case and appends every accepted command's events in one
   * statement, each case at the version it was loaded at: the one decide-and-append of `execute`
   * and `executeEach`. Every event gets the same metadata rules: occurredAt from the command (else
   * now), recordedAt now, the command's correlation and causation, and the case's office after it.
   * Without a caller's `manager`, the statement is its own transaction unless something must commit
   * with it (a new subject's key, a snapshot, an idempotent response).
   */
  private async decideAndAppend(
    commands: readonly CaseCommandRequest[],
    loaded: ReadonlyMap<string, LoadedCase>,
    {
      actor,
      manager,
      idempotency,
      audit,
    }: { actor: Actor; manager?: EntityManager; idempotency?: Idempotency; audit?: CommandRequest['audit'] },
  ): Promise<CaseCommandOutcome[]> {
    const now = this.clock.now().toISOString();
    const context: DecisionContext = {
      actor,
      now,
      policy: this.policies.inEffectAt(now),
    };
    const outcomes = new Map<CaseCommandRequest, CaseCommandOutcome>();
    const decisions = new Map<string, CaseDecision>();
    for (const item of commands) {
      const before = loaded.get(item.caseId);
      if (!before || decisions.has(item.caseId)) {
        outcomes.set(item, {
          caseId: item.caseId,
          error: new Error(`case ${item.caseId} twice in one batch`),
        });
        continue;
      }
      try {
        const events = decide(item.command, before.state, context);
        const states: CaseState[] = [];
        for (const event of events) states.push(evolve(states.at(-1) ?? before.state, event));
        decisions.set(item.caseId, { item, before, events, states });
      } catch (error) {
        outcomes.set(item, { caseId: item.caseId, error });
      }
    }

    const opensCase = [...decisions.values()].some(({ events }) =>
      events.some((event) => event.type === 'CaseOpened'),
    );
    const snapshotDue = [...decisions.values()].some(({ before, events }) =>
      isSnapshotDue(before.version, before.version + events.length),
    );
    const write = async (within: EntityManager | undefined): Promise<void> => {
      const appends: CaseEventsAppend[] = [];
      for (const [caseId, { item, before, events, states }] of decisions) {
        // Only a CaseOpened writes a key, and a command that opens a case always has `within`.
        const storable = within ? await this.personalData.protect(within, caseId, events) : events;
        appends.push({
          streamId: caseId,
          expectedVersion: before.version,
          officeIds: states.map((state) => state.officeId ?? ''),
          events: storable.map((event) => ({
            eventId: randomUUID(),
            type: event.type,
            schemaVersion: event.version,
            data: event.data,
            metadata: {
              actor,
              correlationId: item.correlationId,
              causationId: item.causationId ?? null,
              policyVersion: context.policy.version,
            },
            occurredAt: item.occurredAt ?? now,
            recordedAt: now,
          })),
        });
      }
      const { stored, conflicted } = await appendCaseEvents(this.eventStore, appends, {
        manager: within,
        // In its own transaction the repository wakes the relay after commit (below).
        signalledAfterCommit: !manager,
        auditRecords: audit
          ? appends.map(({ streamId }) => ({ streamId, record: recordText({ ...audit, recordedAt: now }) }))
          : [],
      });
      for (const caseId of conflicted) {
        const decision = decisions.get(caseId);
        if (decision)
          outcomes.set(decision.item, {
            caseId,
            error: new StreamVersionConflict(caseId, decision.before.version),
          });
      }
      for (const [caseId, events] of stored) {
        const decision = decisions.get(caseId);
        if (!decision) continue;
        const { before, states, item } = decision;
        const version = before.version + events.length;
        if (within)
          await this.snapshots.saveIfDue(
            within,
            caseId,
            before.version,
            version,
            states.at(-1) ?? before.state,
          );
        const result: CommandResult = {
          caseId,
          version,
          events: events.map((event) => ({
            eventId: event.eventId,
            type: event.type,
            streamVersion: event.streamVersion,
          })),
          replayed: false,
        };
        if (within && idempotency) await rememberResponse(within, idempotency, result);
        outcomes.set(item, { caseId, result });
      }
    };

    if (decisions.size > 0) {
      if (manager) await write(manager);
      else if (opensCase || snapshotDue || idempotency) {
        await this.dataSource.transaction(write);
        signalOutbox(this.dataSource);
      } else await write(undefined);
    }
    return commands.map(
      (item) =>
        outcomes.get(item) ?? {
          caseId: item.caseId,
          error: new Error(`case ${item.caseId}: nothing appended`),
        },
    );
  }
}

/**
 * A case the caller may not see answers exactly as one that does not exist, and both before the
 * caller's version precondition: a 412 must not tell that a case exists.
 */
function assertVisible(
  state: CaseState,
  command: CaseCommand,
  officeScope: readonly string[] | undefined,
): void {
  if (command.type === 'OpenCase') return;
  if (!state.opened) throw new CaseRuleViolation('CASE.NOT_FOUND');
  // The receiving office of a pending transfer reaches that transfer's decision, and nothing else.
  const actingOffice = officeActingOn(command, state);
  if (officeScope && actingOffice !== undefined && !officeScope.includes(actingOffice))
    throw new OutsideCallerOffices('CASE');
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
  policies = new PolicyBook(dataSource, new PostgresEventStore(dataSource), clock, config),
): CaseRepository {
  const eventStore = new PostgresEventStore(dataSource);
  return new CaseRepository(
    dataSource,
    eventStore,
    new CaseSnapshots(dataSource, eventStore),
    clock,
    config,
    new PersonalDataVault(config.personalDataKey),
    policies,
  );
}
