export * from './topics';
export * from './case-event.message';
