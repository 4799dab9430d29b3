import type { AppendedEvent } from '@casetrail/event-store';

/**
 * The message on `policy-events.v1`, one per version of the agency's policy (`PolicyPublished`),
 * keyed by the policy stream's id so the versions stay in order on one partition. Delivery is at
 * least once: drop duplicates by `eventId`, or by `data.version`.
 */
export interface PolicyEventMessage {
  eventId: string;
  eventType: string;
  schemaVersion: number;
  /** The policy stream's version: 1 for the first policy version, +1 for each after it. */
  streamVersion: number;
  recordedAt: string;
  actor: { userId: string; role: string };
  correlationId: string;
  /** `version`, `effectiveFrom`, `rationale`, `publishedBy`, `policy` (every rule). */
  data: Record<string, unknown>;
}

export function toPolicyEventMessage(stored: AppendedEvent): PolicyEventMessage {
  return {
    eventId: stored.eventId,
    eventType: stored.type,
    schemaVersion: stored.schemaVersion,
    streamVersion: stored.streamVersion,
    recordedAt: stored.recordedAt,
    actor: stored.metadata.actor,
    correlationId: stored.metadata.correlationId,
    data: stored.data as Record<string, unknown>,
  };
}
