import type { CaseEvent } from '@casetrail/domain';
import type { AppendedEvent, StoredEvent } from '@casetrail/event-store';
import type { CaseEventMessage } from './case-event.message';
import { CASE_EVENT_UPCASTERS, upcast } from './upcasting';

/** A stored event as the domain reads it: upcast to the current version of its type. */
export function toCaseEvent(stored: Pick<StoredEvent, 'type' | 'schemaVersion' | 'data'>): CaseEvent {
  // The event store holds only events the domain once decided, so the upcast shape is a CaseEvent.
  return upcast(
    { type: stored.type, version: stored.schemaVersion, data: stored.data },
    CASE_EVENT_UPCASTERS,
  ) as CaseEvent;
}

/** A stored event as it goes out on `case-events.v1`. */
export function toCaseEventMessage(stored: AppendedEvent, officeId: string): CaseEventMessage {
  return {
    eventId: stored.eventId,
    eventType: stored.type,
    schemaVersion: stored.schemaVersion,
    caseId: stored.streamId,
    streamVersion: stored.streamVersion,
    officeId,
    occurredAt: stored.occurredAt,
    recordedAt: stored.recordedAt,
    actor: stored.metadata.actor,
    correlationId: stored.metadata.correlationId,
    causationId: stored.metadata.causationId,
    ...(stored.metadata.policyVersion === undefined ? {} : { policyVersion: stored.metadata.policyVersion }),
    data: stored.data as Record<string, unknown>,
  };
}

/** A `case-events.v1` message as the domain reads it. */
export function caseEventFromMessage(
  message: Pick<CaseEventMessage, 'eventType' | 'schemaVersion' | 'data'>,
): CaseEvent {
  return toCaseEvent({ type: message.eventType, schemaVersion: message.schemaVersion, data: message.data });
}
