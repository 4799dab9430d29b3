export * from './data-source';
export * from './database.module';
export * from './postgres-listener';
export * from './poll-pause';
export * from './shared-statements';
