export * from './case.events';
export * from './case.commands';
export * from './case.state';
export * from './case.errors';
export * from './case.evolve';
export * from './case.decide';
