import { Injectable } from '@nestjs/common';
import type { Counter, Gauge } from 'prom-client';
import { PostgresOutbox } from '@casetrail/event-store';
import { Metrics } from '@casetrail/observability';

/** The relay's metrics. The backlog gauges are read from the outbox table at scrape time. */
@Injectable()
export class OutboxRelayMetrics {
  readonly published: Counter;
  readonly shardsOwned: Gauge;
  readonly shardTakeovers: Counter;
  readonly leasesLost: Counter;

  constructor(metrics: Metrics, outbox: PostgresOutbox) {
    this.published = metrics.counter({
      name: 'casetrail_relay_messages_published_total',
      help: 'Outbox messages published to Kafka (at least once: a retried batch counts again).',
    });
    this.shardsOwned = metrics.gauge({
      name: 'casetrail_relay_shards_owned',
      help: 'Outbox shards this relay holds the lease on and publishes.',
    });
    this.shardTakeovers = metrics.counter({
      name: 'casetrail_relay_shard_takeovers_total',
      help: 'Shards this relay claimed after their previous owner let the lease lapse (died or stalled).',
    });
    this.leasesLost = metrics.counter({
      name: 'casetrail_relay_shard_leases_lost_total',
      help: 'Leases this relay found taken over or lapsed, and stopped publishing.',
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
