import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@casetrail/config';

interface WindowCount {
  /** Start of the window, ms since the epoch: the caller's first hit in any instance, once synced. */
  windowStart: number;
  windowMs: number;
  /** Hits of all instances in this window as Postgres last answered, this instance's included. */
  shared: number;
  /** This instance's hits on their way to Postgres: counted until its answer includes them. */
  sending: number;
  /** This instance's hits since then, not yet added to Postgres. */
  pending: number;
}

/** How often ended windows are deleted. */
const CLEANUP_EVERY_MS = 60_000;

/**
 * The rate limit's counts shared by every api instance without a round trip per request: each
 * instance counts locally and, every RATE_LIMIT_SYNC_MS, adds its new hits to `rate_limit_hits` and
 * reads back the totals of the keys it has seen (one statement, only while it has callers in the
 * current window). A request is judged on the last totals plus this instance's hits since.
 *
 * The bound: another instance's hits are known here at most two sync intervals late (its sync, then
 * this one's), so a caller spread over N instances gets at most limit + (N−1) × (its requests to one
 * instance in 2 × RATE_LIMIT_SYNC_MS) per window. A lone instance is exact. A caller's window starts
 * at its first hit; once synced every instance keeps the window Postgres holds, so they end a
 * caller's block at the same moment (`Retry-After`).
 * Postgres unreachable: each instance goes on counting on its own (never stricter, never open).
 */
@Injectable()
export class SharedThrottlerStorage implements ThrottlerStorage, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SharedThrottlerStorage.name);
  private readonly counts = new Map<string, WindowCount>();
  private timer?: NodeJS.Timeout;
  private syncing?: Promise<void>;
  private lastCleanup = Date.now();
  private failing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sync(), this.config.RATE_LIMIT_SYNC_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.sync();
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    const countKey = `${throttlerName}:${key}`;
    let count = this.counts.get(countKey);
    if (!count || count.windowStart + count.windowMs <= now) {
      count = { windowStart: now, windowMs: ttl, shared: 0, sending: 0, pending: 0 };
      this.counts.set(countKey, count);
    }
    count.pending += 1;
    const totalHits = count.shared + count.sending + count.pending;
    const timeToExpire = Math.max(1, Math.ceil((count.windowStart + count.windowMs - now) / 1000));
    const isBlocked = totalHits > limit;
    return Promise.resolve({
      totalHits,
      timeToExpire,
      isBlocked,
      timeToBlockExpire: isBlocked ? timeToExpire : 0,
    });
  }

  /** Adds this instance's new hits to the shared counts and reads back every known key's total. */
  sync(): Promise<void> {
    // One at a time: a slow statement is not stacked under the next tick's.
    this.syncing ??= this.syncOnce().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async syncOnce(): Promise<void> {
    const now = Date.now();
    for (const [countKey, count] of this.counts)
      if (count.windowStart + count.windowMs <= now) this.counts.delete(countKey);
    if (this.counts.size === 0) return;
    // Sorted, so that two instances adding to the same keys lock their rows in the same order.
    const entries = [...this.counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const added = entries.filter(([, count]) => count.pending > 0);
    const readOnly = entries.filter(([, count]) => count.pending === 0);
    for (const [, count] of added) {
      count.sending = count.pending;
      count.pending = 0;
    }
    try {
      // New hits join the key's shared window if it was still open when this instance's window
      // began, and start it otherwise: every instance then adopts the one window Postgres holds.
      const rows = await this.dataSource.query<{ key: string; window_start: string; hits: number }[]>(
        `WITH added AS (
           INSERT INTO rate_limit_hits AS shared (key, window_start, window_ms, hits)
           SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::int[])
           ON CONFLICT (key) DO UPDATE SET
             window_start = CASE WHEN shared.window_start + shared.window_ms > EXCLUDED.window_start
                                 THEN shared.window_start ELSE EXCLUDED.window_start END,
             window_ms = EXCLUDED.window_ms,
             hits = CASE WHEN shared.window_start + shared.window_ms > EXCLUDED.window_start
                         THEN shared.hits + EXCLUDED.hits ELSE EXCLUDED.hits END
           RETURNING key, window_start, hits
         )
         SELECT key, window_start::text, hits FROM added
         UNION ALL
         SELECT key, window_start::text, hits FROM rate_limit_hits WHERE key = ANY($5::text[])`,
        [
          added.map(([countKey]) => countKey),
          added.map(([, count]) => count.windowStart),
          added.map(([, count]) => count.windowMs),
          added.map(([, count]) => count.sending),
          readOnly.map(([countKey]) => countKey),
        ],
      );
      const syncedAt = Date.now();
      for (const row of rows) {
        const count = this.counts.get(row.key);
        const windowStart = Number(row.window_start);
        if (!count || windowStart + count.windowMs <= syncedAt) continue;
        // The window Postgres holds is the key's window on every instance from now on.
        count.windowStart = windowStart;
        count.shared = Number(row.hits);
      }
      // Postgres's totals include them now (or their window ended).
      for (const [, count] of added) count.sending = 0;
      if (this.failing) this.logger.log('rate-limit counts are shared again');
      this.failing = false;
      if (now - this.lastCleanup >= CLEANUP_EVERY_MS) await this.deleteEndedWindows(now);
    } catch (error) {
      // Not lost: added again on the next sync. Meanwhile this instance judges on its own counts.
      for (const [, count] of added) {
        count.pending += count.sending;
        count.sending = 0;
      }
      if (!this.failing)
        this.logger.warn(
          `rate-limit counts not shared (${error instanceof Error ? error.message : String(error)}); counting locally`,
        );
      this.failing = true;
    }
  }

  private async deleteEndedWindows(now: number): Promise<void> {
    this.lastCleanup = now;
    await this.dataSource.query('DELETE FROM rate_limit_hits WHERE window_start + window_ms < $1', [now]);
  }
}
