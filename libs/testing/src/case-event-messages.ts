import { randomUUID } from 'node:crypto';
import { HEADERS, TOPICS, type CaseEventMessage } from '@casetrail/contracts';
import type { CaseEvent } from '@casetrail/domain';
import type { IncomingBatch } from '@casetrail/messaging';

/**
 * One case's events as `case-events.v1` messages, stream versions counting from `firstVersion`.
 * Build the events with the domain's factories (`case.test-data.ts`), giving each the case's id.
 */
export function caseEventMessages(events: CaseEvent[], firstVersion = 1): CaseEventMessage[] {
  return events.map((event, index) => ({
    eventId: randomUUID(),
    eventType: event.type,
    schemaVersion: event.version,
    caseId: event.data.caseId,
    streamVersion: firstVersion + index,
    officeId: '',
    occurredAt: '2026-11-20T09:00:00.000Z',
    recordedAt: '2026-11-20T09:00:01.000Z',
    actor: { userId: 'officer-1', role: 'OFFICER' },
    correlationId: 'test',
    causationId: null,
    data: event.data as unknown as Record<string, unknown>,
  }));
}

/** Messages as the projector receives them from one partition of `case-events.v1`, headers and all. */
export function caseEventBatch(messages: CaseEventMessage[], firstOffset = 0): IncomingBatch {
  return {
    topic: TOPICS.caseEvents,
    partition: 0,
    messages: messages.map((payload, index) => ({
      topic: TOPICS.caseEvents,
      partition: 0,
      offset: String(firstOffset + index),
      key: payload.caseId,
      value: JSON.stringify(payload),
      headers: { [HEADERS.correlationId]: payload.correlationId },
    })),
  };
}
