import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordText, type AuditRecord } from '@casetrail/audit';
import { OutsideCallerOffices } from '@casetrail/auth';
import { AppConfig } from '@casetrail/config';
import { connectionPool } from '@casetrail/database';
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
  newEventId,
  StreamVersionConflict,
  type ClaimedWrite,
  type AppendedEvent,
  type AppendOptions,
  type OutboxMessage,
  type StoredEvent,
  type StreamAppend,
} from '@casetrail/event-store';
import { toCaseEventMessage } from '@casetrail/contracts';
import { traceHeaders } from '@casetrail/observability/tracing';
import { CaseSnapshots, isSnapshotDue, snapshotsWrite } from './case-snapshots';
import { Clock } from './clock';
import { CommandReads, type LoadedCase, type OfficerAssignment } from './command-read';
import { PersonalDataVault, subjectKeysWrite, type SubjectKey } from './personal-data';
import { PolicyBook } from './policy/policy-book';
import {
  findRememberedResponse,
  IdempotencyKeyReused,
  isUniqueViolation,
  rememberedResponseWrite,
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
   * The officer the command assigns the case to, who must be on that office's roster; checked in
   * the command's one read. `refuse` is the error for an office that does not exist (false) or an
   * officer not in it (true).
   */
  assignment?: OfficerAssignment & { refuse(officeExists: boolean): Error };
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
  options: Pick<AppendOptions, 'manager' | 'signalledAfterCommit' | 'auditRecords' | 'claimedWrites'> = {},
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

  /** Concurrent commands' reads, one statement for several under load. */
  private readonly reads = new CommandReads(() => connectionPool(this.dataSource));

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
    const { idempotency, assignment } = request;
    try {
      // One read: the case, the request's remembered answer and the roster facts together.
      const { loaded, remembered, roster } = await this.reads.read({ caseId, idempotency, assignment });
      if (idempotency && remembered) return replayOf<CommandResult>(idempotency, remembered);
      if (assignment && !roster?.officerInOffice) throw assignment.refuse(roster?.officeExists === true);
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
   * Commands to many cases as one request of a caller (a supervisor's bulk reassignment), in one
   * transaction: each case is checked as `execute` checks it — a case outside `officeScope`
   * refused as if it did not exist, its own `expectedVersion` — and decided on its own; every
   * accepted command's events go in one statement, each case's all or none, each with its audit
   * record naming the case. `answer` turns the outcomes into the response; with an Idempotency-Key
   * that response is remembered in the same transaction, and a repeated request returns it and
   * changes nothing.
   */
  async executeAll<Answer>(
    commands: readonly (CaseCommandRequest & { expectedVersion?: number })[],
    request: Pick<CommandRequest, 'actor' | 'officeScope' | 'idempotency' | 'audit'>,
    answer: (outcomes: CaseCommandOutcome[]) => Answer,
  ): Promise<{ response: Answer; replayed: boolean }> {
    const { idempotency } = request;
    const run = (manager: EntityManager) => this.decideAllAndRemember(manager, commands, request, answer);
    try {
      const outcome = await this.dataSource.transaction(run);
      if (!outcome.replayed) signalOutbox(this.dataSource);
      return outcome;
    } catch (error) {
      // The same key raced us and won: its answer is the answer to this request too.
      if (idempotency && isUniqueViolation(error)) {
        const remembered = await findRememberedResponse<Answer>(this.dataSource.manager, idempotency);
        if (remembered) return { response: remembered, replayed: true };
      }
      throw error;
    }
  }

  private async decideAllAndRemember<Answer>(
    manager: EntityManager,
    commands: readonly (CaseCommandRequest & { expectedVersion?: number })[],
    {
      actor,
      officeScope,
      idempotency,
      audit,
    }: Pick<CommandRequest, 'actor' | 'officeScope' | 'idempotency' | 'audit'>,
    answer: (outcomes: CaseCommandOutcome[]) => Answer,
  ): Promise<{ response: Answer; replayed: boolean }> {
    if (idempotency) {
      const remembered = await findRememberedResponse<Answer>(manager, idempotency);
      if (remembered !== undefined) return { response: remembered, replayed: true };
    }
    const loaded = await this.snapshots.loadMany(
      commands.map((item) => item.caseId),
      manager,
    );
    const refused = new Map<CaseCommandRequest, CaseCommandOutcome>();
    const accepted: CaseCommandRequest[] = [];
    for (const item of commands) {
      const before = loaded.get(item.caseId);
      try {
        if (!before) throw new CaseRuleViolation('CASE.NOT_FOUND');
        assertVisible(before.state, item.command, officeScope);
        if (item.expectedVersion !== undefined && item.expectedVersion !== before.version)
          throw new StreamVersionConflict(item.caseId, item.expectedVersion);
        accepted.push(item);
      } catch (error) {
        refused.set(item, { caseId: item.caseId, error });
      }
    }
    const decided = await this.decideAndAppend(accepted, loaded, {
      actor,
      manager,
      audit,
      auditEachCase: true,
    });
    const byItem = new Map(accepted.map((item, index) => [item, decided[index]]));
    const outcomes = commands.map(
      (item) =>
        refused.get(item) ??
        byItem.get(item) ?? { caseId: item.caseId, error: new Error(`case ${item.caseId}: not decided`) },
    );
    const response = answer(outcomes);
    if (idempotency) await rememberResponse(manager, idempotency, response);
    return { response, replayed: false };
  }

  /**
   * Decides each command on its loaded case and appends every accepted command's events in one
   * statement, each case at the version it was loaded at: the one decide-and-append of `execute`
   * and `executeEach`. Every event gets the same metadata rules: occurredAt from the command (else
   * now), recordedAt now, the command's correlation and causation, and the case's office after it.
   * What must commit with the events (a new subject's key, a snapshot, the remembered answer, the
   * audit record) is written by the same statement, only for the cases appended to; without a
   * caller's `manager` that statement is its own transaction.
   */
  private async decideAndAppend(
    commands: readonly CaseCommandRequest[],
    loaded: ReadonlyMap<string, LoadedCase>,
    {
      actor,
      manager,
      idempotency,
      audit,
      auditEachCase = false,
    }: {
      actor: Actor;
      manager?: EntityManager;
      idempotency?: Idempotency;
      audit?: CommandRequest['audit'];
      /** One request to many cases: each case's record names its case. */
      auditEachCase?: boolean;
    },
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
    if (decisions.size === 0) return commands.map((item) => outcomeOf(outcomes, item));

    const appends: CaseEventsAppend[] = [];
    const subjectKeys: SubjectKey[] = [];
    const snapshots: { caseId: string; version: number; state: CaseState }[] = [];
    const results = new Map<string, CommandResult>();
    for (const [caseId, { item, before, events, states }] of decisions) {
      const storable = this.personalData.protect(caseId, events);
      subjectKeys.push(...storable.subjectKeys);
      const append: CaseEventsAppend = {
        streamId: caseId,
        expectedVersion: before.version,
        officeIds: states.map((state) => state.officeId ?? ''),
        events: storable.events.map((event) => ({
          eventId: newEventId(),
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
      };
      appends.push(append);
      const version = before.version + events.length;
      if (isSnapshotDue(before.version, version))
        snapshots.push({ caseId, version, state: states.at(-1) ?? before.state });
      // What the case will answer if its append succeeds: known before it, so it is remembered with it.
      results.set(caseId, {
        caseId,
        version,
        events: append.events.map((event, index) => ({
          eventId: event.eventId,
          type: event.type,
          streamVersion: before.version + index + 1,
        })),
        replayed: false,
      });
    }
    const claimedWrites: ClaimedWrite[] = [];
    if (subjectKeys.length > 0) claimedWrites.push(subjectKeysWrite(subjectKeys));
    if (snapshots.length > 0) claimedWrites.push(snapshotsWrite(snapshots));
    // An Idempotency-Key comes with one command (`execute`), never with a batch.
    const [remembered] = idempotency ? results.values() : [];
    if (idempotency && remembered)
      claimedWrites.push(rememberedResponseWrite(idempotency, remembered.caseId, remembered));

    const { stored, conflicted } = await appendCaseEvents(this.eventStore, appends, {
      manager,
      // In its own statement the store wakes the relay after commit; in the caller's transaction, the trigger.
      signalledAfterCommit: !manager,
      auditRecords: audit
        ? appends.map(({ streamId }) => ({
            streamId,
            record: recordText({
              ...audit,
              ...(auditEachCase ? { caseId: streamId } : {}),
              recordedAt: now,
            }),
          }))
        : [],
      claimedWrites,
    });
    for (const caseId of conflicted) {
      const decision = decisions.get(caseId);
      if (decision)
        outcomes.set(decision.item, {
          caseId,
          error: new StreamVersionConflict(caseId, decision.before.version),
        });
    }
    for (const caseId of stored.keys()) {
      const decision = decisions.get(caseId);
      const result = results.get(caseId);
      if (decision && result) outcomes.set(decision.item, { caseId, result });
    }
    return commands.map((item) => outcomeOf(outcomes, item));
  }
}

function outcomeOf(
  outcomes: ReadonlyMap<CaseCommandRequest, CaseCommandOutcome>,
  item: CaseCommandRequest,
): CaseCommandOutcome {
  return (
    outcomes.get(item) ?? {
      caseId: item.caseId,
      error: new Error(`case ${item.caseId}: nothing appended`),
    }
  );
}

function replayOf<T>(idempotency: Idempotency, remembered: { requestHash: string; response: unknown }): T {
  if (remembered.requestHash !== idempotency.requestHash) throw new IdempotencyKeyReused();
  return { ...(remembered.response as T), replayed: true };
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
      // The request's trace (W3C traceparent) travels beside its correlation id; none when off.
      ...traceHeaders(),
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
