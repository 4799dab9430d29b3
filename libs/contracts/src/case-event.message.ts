/**
 * The message on `case-events.v1`, one per stored case event, keyed by caseId so a case's events
 * stay in order on one partition. Delivery is at least once: drop duplicates by `eventId`, or by
 * (caseId, streamVersion).
 */
export interface CaseEventMessage {
  eventId: string;
  eventType: string;
  schemaVersion: number;
  caseId: string;
  /** 1 for the case's first event, +1 for each after it, without gaps. */
  streamVersion: number;
  officeId: string;
  occurredAt: string;
  recordedAt: string;
  actor: { userId: string; role: string };
  correlationId: string;
  causationId: string | null;
  /**
   * The policy version the event was decided under; absent on events decided before policies
   * were published.
   * @asType integer
   */
  policyVersion?: number;
  data: Record<string, unknown>;
}
