export * from './event-store.types';
export * from './postgres-event-store';
export * from './postgres-outbox';
export * from './outbox-signal';
export * from './event-store.module';
export * from './bulk-load';
export * from './group-commit';
