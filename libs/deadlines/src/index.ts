export * from './deadlines.projection';
export * from './deadlines.query';
export * from './live-case-projections';
