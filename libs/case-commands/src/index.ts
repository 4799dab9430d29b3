export * from './case-repository';
export * from './case-snapshots';
export * from './clock';
export * from './case-commands.module';
export * from './idempotent-requests';
export * from './personal-data';
export * from './command-read';
export * from './policy/policy-book';
