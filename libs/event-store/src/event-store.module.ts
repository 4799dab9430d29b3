import { Module } from '@nestjs/common';
import { PostgresEventStore } from './postgres-event-store';
import { PostgresOutbox } from './postgres-outbox';

@Module({ providers: [PostgresEventStore, PostgresOutbox], exports: [PostgresEventStore, PostgresOutbox] })
export class EventStoreModule {}
