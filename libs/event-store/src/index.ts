export * from './event-store.types';
export * from './postgres-event-store';
export * from './postgres-outbox';
export * from './outbox-shards';
export * from './outbox-shard-leases';
export * from './outbox-signal';
export * from './event-store.module';
export * from './bulk-load';
