export interface EventActor {
  userId: string;
  role: string;
}

export interface EventMetadata {
  actor: EventActor;
  correlationId: string;
  /** The id of the request or event that caused this one; null for a user's own request. */
  causationId: string | null;
  /** The policy version the event was decided under (case events since policies are published). */
  policyVersion?: number;
}

export interface NewEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
  /** Business time: when it happened in the world, from the request. */
  occurredAt: string;
  /** Server time: when Casetrail recorded it. */
  recordedAt: string;
}

export interface StoredEvent extends NewEvent {
  streamId: string;
  streamVersion: number;
  /** Insertion order; unique, but NOT commit order. Use it only with transactionId. */
  globalPosition: string;
  /** Postgres xid8 of the appending transaction, as text. */
  transactionId: string;
}

export interface OutboxMessage {
  topic: string;
  key: string;
  payload: unknown;
  headers?: Record<string, string>;
}

/** A position in the global, commit-ordered history of all streams. */
export interface GlobalCursor {
  transactionId: string;
  globalPosition: string;
}

export const START_OF_HISTORY: GlobalCursor = { transactionId: '0', globalPosition: '0' };

/** A position in the history read stream by stream: the last stream and version read. */
export interface StreamOrderCursor {
  streamId: string;
  streamVersion: number;
}

export const FIRST_STREAM: StreamOrderCursor = {
  streamId: '00000000-0000-0000-0000-000000000000',
  streamVersion: 0,
};

export class StreamVersionConflict extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`stream ${streamId} is not at version ${expectedVersion}`);
    this.name = 'StreamVersionConflict';
  }
}

export interface ClaimedOutboxMessage {
  id: string;
  topic: string;
  key: string;
  /** The payload exactly as stored, serialised JSON. */
  payload: string;
  headers: Record<string, string>;
}
