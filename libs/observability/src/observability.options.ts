export type AppDependency = 'postgres' | 'kafka';

export interface ObservabilityOptions {
  /** The app's name: the `app` label on every metric it exposes. */
  app: 'api' | 'relay' | 'projector' | 'scheduler';
  /** Services the app cannot work without; `/health/ready` pings each of them. */
  dependencies: AppDependency[];
}

export const OBSERVABILITY_OPTIONS = Symbol('OBSERVABILITY_OPTIONS');
