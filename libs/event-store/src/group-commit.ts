import { SharedStatements } from '@casetrail/database';
import type { StoredEvent } from './event-store.types';
import type { AppendOptions, ClaimedWrite, StreamAppend } from './postgres-event-store';

export interface AppendOutcome {
  stored: Map<string, StoredEvent[]>;
  conflicted: string[];
}

type AppendNow = (appends: readonly StreamAppend[], options: AppendOptions) => Promise<AppendOutcome>;

interface Waiting {
  appends: readonly StreamAppend[];
  options: AppendOptions;
}

/** Statements in flight at once: one being committed while the next batch gathers. */
const IN_FLIGHT = 2;
/** Streams in one statement at most, so that one batch's statement stays small. */
const MAX_STREAMS = 256;

/**
 * Group commit: appends that arrive while IN_FLIGHT statements are running go together in the next
 * statement, one commit (one WAL flush, one round trip) for many callers. Each keeps its own
 * compare-and-set and outcome: a stream not at its expected version is conflicted for its caller
 * alone. A batch holds at most one append per stream; a second append to the same stream waits for
 * the next. If the batch's statement fails (a unique violation of one caller's claimed write), each
 * caller's appends run again alone, so each gets its own answer. With nothing in flight an append
 * is sent at once: no caller waits for company.
 */
export class GroupCommit {
  private readonly shared = new SharedStatements<Waiting, AppendOutcome>({
    inFlight: IN_FLIGHT,
    maxRequests: MAX_STREAMS,
    admission: () => sharesStreamsWithNone(),
    send: (batch) => this.send(batch),
  });

  constructor(private readonly appendNow: AppendNow) {}

  append(appends: readonly StreamAppend[], options: AppendOptions): Promise<AppendOutcome> {
    return this.shared.submit({ appends, options });
  }

  private async send(batch: readonly Waiting[]): Promise<(AppendOutcome | Promise<AppendOutcome>)[]> {
    if (batch.length === 1) return [await this.appendNow(batch[0].appends, batch[0].options)];
    try {
      const outcome = await this.appendNow(
        batch.flatMap((waiting) => waiting.appends),
        mergedOptions(batch),
      );
      return batch.map((waiting) => outcomeFor(waiting, outcome));
    } catch (error) {
      // Anything but a refused row (a lost connection, say) is every caller's answer: the statement
      // may have committed, and appending again would only be refused.
      if (!isIntegrityViolation(error)) throw error;
      const alone = batch.map((waiting) => this.appendNow(waiting.appends, waiting.options));
      await Promise.allSettled(alone);
      return alone;
    }
  }
}

/**
 * A batch's admission: appends of one stream type, no stream twice (nor twice in one caller's
 * appends), at most MAX_STREAMS streams; the first is always admitted.
 */
function sharesStreamsWithNone(): (waiting: Waiting) => boolean {
  const streams = new Set<string>();
  let streamType: string | undefined;
  return (waiting) => {
    const ids = waiting.appends.map((append) => append.streamId);
    const first = streamType === undefined;
    const fits =
      first ||
      (waiting.options.streamType === streamType &&
        ids.every((id) => !streams.has(id)) &&
        new Set(ids).size === ids.length &&
        streams.size + ids.length <= MAX_STREAMS);
    if (!fits) return false;
    streamType = waiting.options.streamType;
    for (const id of ids) streams.add(id);
    return true;
  };
}

/** Postgres class 23: a row was refused (unique key, foreign key, check); nothing was written. */
function isIntegrityViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('23');
}

function outcomeFor(waiting: Waiting, outcome: AppendOutcome): AppendOutcome {
  const stored = new Map<string, StoredEvent[]>();
  const conflicted: string[] = [];
  for (const { streamId, events } of waiting.appends) {
    const streamEvents = outcome.stored.get(streamId);
    if (streamEvents) stored.set(streamId, streamEvents);
    else if (events.length > 0) conflicted.push(streamId);
  }
  return { stored, conflicted };
}

function mergedOptions(batch: readonly Waiting[]): AppendOptions {
  const ownerOf = new Map<string, AppendOptions>();
  for (const waiting of batch)
    for (const append of waiting.appends) ownerOf.set(append.streamId, waiting.options);
  const hasOutbox = batch.some((waiting) => waiting.options.outbox);
  return {
    streamType: batch[0].options.streamType,
    // Called with one stream's events at a time: its own caller's messages for them.
    outbox: hasOutbox
      ? (events) => {
          const owner = events.length > 0 ? ownerOf.get(events[0].streamId) : undefined;
          return owner?.outbox?.(events) ?? [];
        }
      : undefined,
    auditRecords: batch.flatMap((waiting) => waiting.options.auditRecords ?? []),
    claimedWrites: mergedClaimedWrites(batch.flatMap((waiting) => waiting.options.claimedWrites ?? [])),
  };
}

/** Claimed writes of one name as one: their rows concatenated. */
function mergedClaimedWrites(writes: readonly ClaimedWrite[]): ClaimedWrite[] {
  const byName = new Map<string, ClaimedWrite>();
  for (const write of writes) {
    const merged = byName.get(write.name);
    byName.set(write.name, merged ? { ...merged, rows: [...merged.rows, ...write.rows] } : write);
  }
  // One order of names, one statement text.
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
