import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@casetrail/config';
import { HEADERS, TOPICS } from '@casetrail/contracts';
import {
  decide,
  evolve,
  initialCaseState,
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
import { Clock } from './clock';
import { toCaseEvent, toCaseEventMessage } from './case-events.codec';

export interface CommandRequest {
  actor: Actor;
  correlationId: string;
  causationId?: string | null;
  /** The version the caller last saw (If-Match); without it, the version just loaded. */
  expectedVersion?: number;
  /** Business time of the resulting events; defaults to now. */
  occurredAt?: string;
}

export interface LoadedCase {
  state: CaseState;
  version: number;
}

export interface CommandResult {
  events: StoredEvent[];
  version: number;
  state: CaseState;
}

export const CASE_STREAM_TYPE = 'case';

/** Load → decide → append: the one path by which anything happens to a case. */
@Injectable()
export class CaseRepository {
  constructor(
    private readonly eventStore: PostgresEventStore,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async load(caseId: string): Promise<LoadedCase> {
    const stored = await this.eventStore.readStream(caseId);
    return {
      state: stored.map(toCaseEvent).reduce(evolve, initialCaseState),
      version: stored.at(-1)?.streamVersion ?? 0,
    };
  }

  /**
   * @throws CaseRuleViolation when the domain refuses the command,
   * StreamVersionConflict when the case moved on since `expectedVersion`.
   */
  async execute(caseId: string, command: CaseCommand, request: CommandRequest): Promise<CommandResult> {
    const loaded = await this.load(caseId);
    const now = this.clock.now().toISOString();
    const context: DecisionContext = {
      actor: request.actor,
      now,
      policy: { riskClassificationWindowMs: this.config.RCA_WINDOW_MS },
    };
    const expectedVersion = request.expectedVersion ?? loaded.version;
    // The caller's precondition comes before any rule: they decided on a version that is gone.
    if (expectedVersion !== loaded.version) throw new StreamVersionConflict(caseId, expectedVersion);
    const decided = decide(command, loaded.state, context);

    const officeAfter: string[] = [];
    let state = loaded.state;
    for (const event of decided) {
      state = evolve(state, event);
      officeAfter.push(state.officeId ?? '');
    }
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
        outbox: (events) => events.map((event, index) => caseEventOutboxMessage(event, officeAfter[index])),
      },
    );
    return { events: stored, version: expectedVersion + stored.length, state };
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
