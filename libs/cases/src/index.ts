export * from './case-events.codec';
export * from './case-repository';
export * from './clock';
export * from './cases.module';
