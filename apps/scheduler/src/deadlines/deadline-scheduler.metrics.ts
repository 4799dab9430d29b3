import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { Clock } from '@casetrail/case-commands';
import { Metrics } from '@casetrail/observability';

/** The scheduler's metrics. Deadline lag is read from public.deadlines at scrape time. */
@Injectable()
export class DeadlineSchedulerMetrics {
  readonly fired: Counter;

  constructor(metrics: Metrics, @InjectDataSource() dataSource: DataSource, clock: Clock) {
    this.fired = metrics.counter({
      name: 'casetrail_scheduler_deadlines_fired_total',
      help: 'Deadlines fired (missed check-in or RCA recorded, alert escalated).',
    });
    metrics.gauge({
      name: 'casetrail_scheduler_deadline_lag_seconds',
      help: 'How long the oldest due PENDING deadline has been waiting; 0 when none is due.',
      async collect() {
        const [row]: { lag: number | null }[] = await dataSource.query(
          `SELECT extract(epoch FROM $1::timestamptz - min(fire_at))::float8 AS lag
             FROM public.deadlines WHERE status = 'PENDING' AND fire_at <= $1`,
          [clock.now().toISOString()],
        );
        this.set(Math.max(0, row.lag ?? 0));
      },
    });
  }
}
