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
  resolve(outcome: AppendOutcome): void;
  reject(error: unknown): void;
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
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(private readonly appendNow: AppendNow) {}

  append(appends: readonly StreamAppend[], options: AppendOptions): Promise<AppendOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ appends, options, resolve, reject });
      this.sendWaiting();
    });
  }

  private sendWaiting(): void {
    while (this.inFlight < IN_FLIGHT && this.waiting.length > 0) {
      const batch = this.nextBatch();
      this.inFlight += 1;
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.sendWaiting();
      });
    }
  }

  /** The waiting callers that can share a statement, in arrival order. */
  private nextBatch(): Waiting[] {
    const batch: Waiting[] = [];
    const streams = new Set<string>();
    const { streamType } = this.waiting[0].options;
    for (let index = 0; index < this.waiting.length;) {
      const waiting = this.waiting[index];
      const ids = waiting.appends.map((append) => append.streamId);
      const fits =
        waiting.options.streamType === streamType &&
        ids.every((id) => !streams.has(id)) &&
        new Set(ids).size === ids.length &&
        (batch.length === 0 || streams.size + ids.length <= MAX_STREAMS);
      if (!fits) {
        index += 1;
        continue;
      }
      for (const id of ids) streams.add(id);
      batch.push(waiting);
      this.waiting.splice(index, 1);
    }
    return batch;
  }

  private async send(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch;
      await this.appendNow(only.appends, only.options).then(only.resolve, only.reject);
      return;
    }
    try {
      const outcome = await this.appendNow(
        batch.flatMap((waiting) => waiting.appends),
        mergedOptions(batch),
      );
      for (const waiting of batch) waiting.resolve(outcomeFor(waiting, outcome));
    } catch (error) {
      // Anything but a refused row (a lost connection, say) is every caller's answer: the statement
      // may have committed, and appending again would only be refused.
      if (!isIntegrityViolation(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      await Promise.all(
        batch.map((waiting) =>
          this.appendNow(waiting.appends, waiting.options).then(waiting.resolve, waiting.reject),
        ),
      );
    }
  }
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
