export * from './event-store.types';
export * from './postgres-event-store';
export * from './postgres-outbox';
export * from './event-store.module';
