export * from './observability.options';
export * from './metrics';
export * from './readiness';
export * from './observability.module';
export * from './ops-server';
export * from './logging';
export * from './tracing';
