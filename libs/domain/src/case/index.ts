export * from './case.events';
export * from './case.commands';
export * from './case.state';
export * from './case.errors';
export * from './case.time';
export * from './case.deadlines';
export * from './case.evolve';
export * from './case.decide';
