export * from './case-change';
export * from './case-event-applier';
export * from './case-summary/case-summary.store';
export * from './officer-caseload/officer-caseload.projection';
export * from './officer-caseload/officer-caseload.query';
export * from './read-models.module';
export * from './read-model-schema';
export * from './rebuild/read-model-rebuild';
