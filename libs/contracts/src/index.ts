export * from './topics';
export * from './case-event.message';
export * from './upcasting';
export * from './alert-messages';
export * from './case-events.codec';
export * from './policy-event.message';
