export * from './audit-chain';
export * from './postgres-audit-trail';
