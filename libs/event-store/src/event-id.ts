import { v7 } from 'uuid';

/**
 * A new event's id: a version 7 UUID, which starts with the time it was made (RFC 9562), so ids
 * made later sort later. The event store's unique index on `event_id` then grows at its right
 * edge, as the position index does, instead of every append writing a random leaf page of an
 * index that at national scale outgrows the buffer cache (and, after each checkpoint, logging that
 * whole page to the WAL).
 */
export function newEventId(): string {
  return v7();
}
