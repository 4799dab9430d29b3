import { randomUUID } from 'node:crypto';
import { HEADERS, TOPICS, type CaseEventMessage } from '@casetrail/contracts';
import {
  DEFAULT_CASE_POLICY,
  decide,
  evolve,
  initialCaseState,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type DecisionContext,
} from '@casetrail/domain';

/**
 * Synthetic, rule-abiding case histories for the benchmarks, decided by the real domain so every
 * event is one Casetrail could have recorded: opened, booked, classified, released, then check-ins.
 * Names and numbers are obviously fake; nothing here resembles a real person.
 */
export const BENCH_OFFICES = ['WAS', 'ATL', 'NYC', 'CHI'] as const;
export const OFFICERS_PER_OFFICE = 25;
const DAY_MS = 24 * 60 * 60 * 1000;

export function officeOf(caseIndex: number): string {
  return BENCH_OFFICES[caseIndex % BENCH_OFFICES.length];
}

export function officerOf(caseIndex: number): string {
  return `${officeOf(caseIndex)}-bench-${Math.floor(caseIndex / BENCH_OFFICES.length) % OFFICERS_PER_OFFICE}`;
}

export interface CaseHistory {
  caseId: string;
  officeId: string;
  events: CaseEvent[];
  /** Each event's id (same index). */
  eventIds: string[];
  /** The state after each event (same index). */
  states: CaseState[];
}

/**
 * A case with `eventCount` events (at least 4: open, book, classify, release; then check-ins),
 * and with `missedCheckIn` one more: the missed check-in that raises an alert.
 */
export function caseHistory(
  caseIndex: number,
  eventCount: number,
  { missedCheckIn = false, startMs = Date.now() - 400 * DAY_MS } = {},
): CaseHistory {
  const caseId = randomUUID();
  const officeId = officeOf(caseIndex);
  const at = (ms: number) => new Date(startMs + ms).toISOString();
  const commands: CaseCommand[] = [
    {
      type: 'OpenCase',
      data: {
        caseId,
        officeId,
        officerId: officerOf(caseIndex),
        subject: {
          givenName: 'Bench',
          familyName: `Subject${caseIndex}`,
          aNumber: `A${String(100_000_000 + caseIndex).slice(-9)}`,
          dateOfBirth: '1980-01-01',
          countryOfCitizenship: 'MX',
        },
        openedAt: at(0),
      },
    },
    { type: 'BookDetention', data: { facilityId: 'BENCH-FACILITY', bookedInAt: at(1000) } },
    {
      type: 'CompleteRiskClassification',
      data: {
        publicSafetyRisk: 'LOW',
        flightRisk: 'LOW',
        specialVulnerabilities: [],
        recommendation: 'RELEASE',
        completedAt: at(2000),
      },
    },
    {
      type: 'ReleaseSubject',
      data: {
        releaseType: 'OWN_RECOGNIZANCE',
        releasedAt: at(3000),
        checkInPlan: { firstDueAt: at(DAY_MS), intervalDays: 7, graceHours: 24 },
      },
    },
  ];
  for (let index = 4; index < eventCount; index += 1) {
    commands.push({
      type: 'RecordCheckIn',
      data: { checkedInAt: at(3000 + index * 3_600_000), method: 'PHONE' },
    });
  }
  const events: CaseEvent[] = [];
  const states: CaseState[] = [];
  let state = initialCaseState;
  for (const [index, command] of commands.slice(0, Math.max(1, eventCount)).entries()) {
    const context: DecisionContext = {
      actor: { userId: officerOf(caseIndex), role: 'OFFICER' },
      now: at(3000 + (index + 1) * 3_600_000),
      policy: { ...DEFAULT_CASE_POLICY, riskClassificationWindowMs: 5 * DAY_MS },
    };
    for (const event of decide(command, state, context)) {
      state = evolve(state, event);
      events.push(event);
      states.push(state);
    }
  }
  if (missedCheckIn) {
    const supervision = (state as { supervision?: { nextCheckInDueAt: string } }).supervision;
    if (!supervision) throw new Error('a missed check-in needs a case under supervision');
    const [missed] = decide(
      { type: 'RecordMissedCheckIn', data: { dueAt: supervision.nextCheckInDueAt } },
      state,
      {
        actor: { userId: 'system:scheduler', role: 'ADMIN' },
        now: new Date(Date.parse(supervision.nextCheckInDueAt) + 3 * DAY_MS).toISOString(),
        policy: { ...DEFAULT_CASE_POLICY, riskClassificationWindowMs: 5 * DAY_MS },
      },
    );
    state = evolve(state, missed);
    events.push(missed);
    states.push(state);
  }
  return { caseId, officeId, events, eventIds: events.map(() => randomUUID()), states };
}

/** The history as `case-events.v1` messages, as the relay publishes them. */
export function caseEventMessages(history: CaseHistory): CaseEventMessage[] {
  const recordedAt = new Date().toISOString();
  return history.events.map((event, index) => ({
    eventId: history.eventIds[index],
    eventType: event.type,
    schemaVersion: event.version,
    caseId: history.caseId,
    streamVersion: index + 1,
    officeId: history.officeId,
    occurredAt: recordedAt,
    recordedAt,
    actor: { userId: 'bench-officer', role: 'OFFICER' },
    correlationId: randomUUID(),
    causationId: null,
    data: event.data as unknown as Record<string, unknown>,
  }));
}

/** Kafka headers the relay puts on a case event. */
export function caseEventHeaders(message: CaseEventMessage): Record<string, string> {
  return {
    [HEADERS.eventId]: message.eventId,
    [HEADERS.eventType]: message.eventType,
    [HEADERS.correlationId]: message.correlationId,
  };
}

export function prefixedTopic(prefix: string, topic: string = TOPICS.caseEvents): string {
  return `${prefix}${topic}`;
}
