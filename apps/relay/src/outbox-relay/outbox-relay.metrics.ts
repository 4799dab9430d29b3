import { Injectable } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { PostgresOutbox } from '@casetrail/event-store';
import { Metrics } from '@casetrail/observability';

/** The relay's metrics. The backlog gauges are read from the outbox table at scrape time. */
@Injectable()
export class OutboxRelayMetrics {
  readonly published: Counter;

  constructor(metrics: Metrics, outbox: PostgresOutbox) {
    this.published = metrics.counter({
      name: 'casetrail_relay_messages_published_total',
      help: 'Outbox messages published to Kafka (at least once: a retried batch counts again).',
    });
    metrics.gauge({
      name: 'casetrail_relay_outbox_backlog_messages',
      help: 'Messages in the outbox, not yet published.',
      async collect() {
        this.set((await outbox.backlog()).count);
      },
    });
    metrics.gauge({
      name: 'casetrail_relay_outbox_oldest_message_age_seconds',
      help: 'Age of the oldest unpublished outbox message; 0 when the outbox is empty.',
      async collect() {
        const { oldestCreatedAt } = await outbox.backlog();
        this.set(oldestCreatedAt ? Math.max(0, (Date.now() - oldestCreatedAt.getTime()) / 1000) : 0);
      },
    });
  }
}
