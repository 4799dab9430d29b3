import type { FaultOutcome } from './outcome';
import type { FaultProfile } from './profile';

export interface FaultContext {
  profile: FaultProfile;
  /** Each fault derives its own seeds from this one. */
  seed: number;
  /** The shared Postgres server and broker; neither is ever stopped by the suite. */
  postgresUrl: string;
  kafkaBrokers: string;
  /** Where private servers keep their data (git-ignored). */
  runDir: string;
  log(line: string): void;
}

export interface Fault {
  name: string;
  title: string;
  run(context: FaultContext): Promise<FaultOutcome>;
}
