export * from './app-process';
export * from './eventually';
export * from './test-app';
export * from './test-database';
export * from './topic-reader';
export * from './case-event-messages';
export * from './system-under-test';
export * from './ops-server';
