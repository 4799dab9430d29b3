/** How big and how long each fault runs: `full` for the committed report, `ci` for the test job. */
export interface FaultProfile {
  name: 'full' | 'ci';
  /** Concurrent HTTP writers of the background load. */
  writers: number;
  /** Concurrent appends racing for one expected version, and how many cases see such a race. */
  racingAppends: number;
  races: number;
  /** Out-of-order commits: writers, transactions each, longest hold before commit. */
  outOfOrderWriters: number;
  outOfOrderTransactions: number;
  outOfOrderMaxDelayMs: number;
  relayKills: number;
  /** SIGKILLs of the api while officers write. */
  apiKills: number;
  projectorCrashes: number;
  /** Postgres down, immediate stop to restart. */
  postgresDownMs: number;
  /** Broker down, stop to restart. */
  brokerDownMs: number;
  /** On the three-broker cluster: the killed leader's absence, and the long outage of one broker. */
  clusterNodeDownMs: number;
  clusterBrokerDownMs: number;
  /** Load before a fault and after it heals. */
  warmupMs: number;
  cooldownMs: number;
  poisonMessages: number;
  idempotentCommands: number;
  /** How long the system may take to catch up after a fault before the fault counts as failed. */
  settleTimeoutMs: number;
}

const FULL: FaultProfile = {
  name: 'full',
  writers: 8,
  racingAppends: 50,
  races: 20,
  outOfOrderWriters: 16,
  outOfOrderTransactions: 40,
  outOfOrderMaxDelayMs: 400,
  relayKills: 6,
  apiKills: 6,
  projectorCrashes: 8,
  postgresDownMs: 15_000,
  brokerDownMs: 60_000,
  clusterNodeDownMs: 15_000,
  // Longer than the relay's producer retries (about 50 s: 8 retries from 200 ms, doubling).
  clusterBrokerDownMs: 60_000,
  warmupMs: 5_000,
  cooldownMs: 5_000,
  poisonMessages: 30,
  idempotentCommands: 200,
  settleTimeoutMs: 120_000,
};

const CI: FaultProfile = {
  name: 'ci',
  writers: 4,
  racingAppends: 50,
  races: 3,
  outOfOrderWriters: 6,
  outOfOrderTransactions: 12,
  outOfOrderMaxDelayMs: 300,
  relayKills: 2,
  apiKills: 2,
  projectorCrashes: 1,
  postgresDownMs: 3_000,
  brokerDownMs: 8_000,
  clusterNodeDownMs: 4_000,
  clusterBrokerDownMs: 12_000,
  warmupMs: 1_500,
  cooldownMs: 1_500,
  poisonMessages: 6,
  idempotentCommands: 40,
  settleTimeoutMs: 60_000,
};

export function profileFrom(value: string | undefined): FaultProfile {
  if (value === undefined || value === '' || value === 'full') return FULL;
  if (value === 'ci') return CI;
  throw new Error(`FAULTS_PROFILE must be full or ci, not ${JSON.stringify(value)}`);
}
