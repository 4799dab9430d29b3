export * from './case';
export * from './caseload/caseload-rebalancing';
export * from './policy';
