import { Injectable } from '@nestjs/common';
import type { Counter, Gauge } from 'prom-client';
import { Metrics } from '@casetrail/observability';

/** The projector's metrics; counted after the batch's transaction commits. */
@Injectable()
export class CaseEventsConsumerMetrics {
  readonly applied: Counter;
  readonly duplicates: Counter;
  readonly deadLettered: Counter;
  private readonly lag: Gauge<'partition'>;
  /** recordedAt of the newest event applied so far, in ms; undefined until the first. */
  private horizon?: number;

  constructor(metrics: Metrics) {
    this.applied = metrics.counter({
      name: 'casetrail_projector_events_applied_total',
      help: 'Case events applied to the read models (including those filled in from the event store).',
    });
    this.duplicates = metrics.counter({
      name: 'casetrail_projector_duplicates_skipped_total',
      help: 'Redelivered case events recognised as already applied and skipped.',
    });
    this.deadLettered = metrics.counter({
      name: 'casetrail_projector_dead_lettered_total',
      help: 'Case event messages that failed on their own and went to the dead-letter topic.',
    });
    this.lag = metrics.gauge({
      name: 'casetrail_projector_consumer_lag_messages',
      help: 'Messages of a case-events partition written but not yet projected, as of its last batch.',
      labelNames: ['partition'],
    });
    const horizon = () => this.horizon;
    metrics.gauge({
      name: 'casetrail_projector_horizon_age_seconds',
      help: 'Now minus recordedAt of the newest event applied: how far the read models trail the store.',
      collect() {
        const at = horizon();
        if (at !== undefined) this.set(Math.max(0, (Date.now() - at) / 1000));
      },
    });
  }

  /** The partition's lag once a batch ending at `lastOffset` is done; kept when the high watermark is unknown. */
  caughtUpTo(partition: number, lastOffset: string, highWatermark: string | undefined): void {
    if (highWatermark === undefined) return;
    const lag = BigInt(highWatermark) - BigInt(lastOffset) - 1n;
    this.lag.set({ partition: String(partition) }, Number(lag > 0n ? lag : 0n));
  }

  /** Moves the horizon to the newest of these recordedAt timestamps, never back. */
  reached(recordedAt: string[]): void {
    for (const at of recordedAt) {
      const ms = Date.parse(at);
      if (!Number.isNaN(ms) && (this.horizon === undefined || ms > this.horizon)) this.horizon = ms;
    }
  }
}
