export * from './case-events.codec';
export * from './case-repository';
export * from './case-snapshots';
export * from './clock';
export * from './cases.module';
export * from './idempotent-requests';
export * from './personal-data';
