import { Module } from '@nestjs/common';
import { PostgresEventStore } from './postgres-event-store';
import { OutboxShardLeases } from './outbox-shard-leases';
import { PostgresOutbox } from './postgres-outbox';

@Module({
  providers: [PostgresEventStore, PostgresOutbox, OutboxShardLeases],
  exports: [PostgresEventStore, PostgresOutbox, OutboxShardLeases],
})
export class EventStoreModule {}
