import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { REPO_ROOT } from './harness/app-process';
import type { Fault, FaultContext } from './harness/fault';
import type { FaultOutcome } from './harness/outcome';
import { profileFrom } from './harness/profile';
import { passed, writeReport } from './harness/report';
import { APP_LOG_DIR } from './harness/system';
import { apiKilled } from './api-killed.fault';
import { brokerOutage } from './broker-outage.fault';
import { concurrentAppends } from './concurrent-appends.fault';
import { idempotentRetries } from './idempotent-retries.fault';
import { clusterBrokerDown, clusterLeaderKilled, clusterRollingRestart } from './kafka-cluster.fault';
import { outOfOrderCommits } from './out-of-order-commits.fault';
import { poisonMessages } from './poison-messages.fault';
import { postgresRestart } from './postgres-restart.fault';
import { projectorCrashBetweenCommits } from './projector-crash-between-commits.fault';
import { relayKilled } from './relay-killed.fault';
import { relayShardTakeover } from './relay-shard-takeover.fault';

const SEED = 20261124;

const faults: Fault[] = [
  concurrentAppends,
  outOfOrderCommits,
  relayKilled,
  apiKilled,
  projectorCrashBetweenCommits,
  postgresRestart,
  brokerOutage,
  clusterLeaderKilled,
  clusterRollingRestart,
  clusterBrokerDown,
  poisonMessages,
  idempotentRetries,
  relayShardTakeover,
];

/**
 * The fault suite: each fault on a private database and topic prefix (a private Postgres or broker
 * where the fault stops one), then a report in JSON and Markdown. Exits 1 when any check fails.
 * FAULTS_PROFILE=full|ci sets the sizes; FAULTS_ONLY=name,name runs a subset.
 */
async function main(): Promise<void> {
  // The suite's own Kafka clients (topic reader, poison publisher) speak up only on errors.
  Logger.overrideLogger(['error']);
  const profile = profileFrom(process.env.FAULTS_PROFILE);
  const only = process.env.FAULTS_ONLY?.split(',').filter(Boolean);
  const reportDir =
    process.env.FAULTS_REPORT_DIR ??
    (profile.name === 'full' && !only
      ? join(REPO_ROOT, 'faults', 'reports')
      : join(REPO_ROOT, '.run', 'faults', 'reports'));
  const context: FaultContext = {
    profile,
    seed: SEED,
    postgresUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/casetrail',
    kafkaBrokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    runDir: join(REPO_ROOT, '.run', 'faults'),
    log: (line) => process.stdout.write(`faults:   ${line}\n`),
  };
  const startedAt = new Date();
  const runOne = async (fault: Fault): Promise<FaultOutcome> => {
    process.stdout.write(`faults: ${fault.name} (${profile.name})\n`);
    const started = Date.now();
    let outcome: FaultOutcome;
    try {
      outcome = await fault.run({
        ...context,
        seed: SEED + faults.indexOf(fault) * 1000,
        log: (line) => process.stdout.write(`faults:   ${fault.name}: ${line}\n`),
      });
    } catch (error) {
      outcome = failedToRun(fault, error);
    }
    process.stdout.write(
      `faults: ${fault.name}: ${passed(outcome) ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s — ` +
        `written ${outcome.written}, acknowledged ${outcome.acknowledged}, lost ${outcome.lost}, ` +
        `duplicated ${outcome.duplicatedOnTopic}, applied twice ${outcome.appliedTwice}, recovery ${outcome.recoverySeconds} s\n`,
    );
    for (const check of outcome.checks.filter((item) => !item.passed))
      process.stdout.write(`faults:   ✗ ${check.name}: ${check.detail}\n`);
    if (!passed(outcome)) printAppLogTails(fault);
    return outcome;
  };
  const selected = faults.filter((fault) => !only || only.includes(fault.name));
  // The ci profile runs the broker fault (mostly waiting on its private broker) beside the others;
  // the full profile runs one fault at a time, so each recovery time is measured undisturbed.
  const beside = profile.name === 'ci' ? selected.filter((fault) => fault === brokerOutage) : [];
  const inTurn = selected.filter((fault) => !beside.includes(fault));
  const results = new Map<Fault, FaultOutcome>();
  await Promise.all([
    ...beside.map(async (fault) => results.set(fault, await runOne(fault))),
    (async () => {
      for (const fault of inTurn) results.set(fault, await runOne(fault));
    })(),
  ]);
  const outcomes = selected.map((fault) => results.get(fault) as FaultOutcome);
  const report = {
    profile: profile.name,
    seed: SEED,
    startedAt: startedAt.toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    passed: outcomes.every(passed),
    faults: outcomes,
  };
  writeReport(reportDir, report);
  process.stdout.write(`faults: ${report.passed ? 'passed' : 'FAILED'}; report in ${reportDir}\n`);
  process.exit(report.passed ? 0 : 1);
}

/** A failed fault in CI leaves only this output behind: the apps' last words go with it. */
function printAppLogTails(fault: Fault): void {
  for (const app of ['api', 'relay', 'projector']) {
    const file = join(APP_LOG_DIR, `${fault.name}-${app}.log`);
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-12);
    process.stdout.write(`faults:   last lines of ${fault.name}'s ${app} (${file}):\n`);
    for (const line of lines) process.stdout.write(`faults:     ${line.slice(0, 400)}\n`);
  }
}

function failedToRun(fault: Fault, error: unknown): FaultOutcome {
  return {
    fault: fault.name,
    title: fault.title,
    written: 0,
    acknowledged: 0,
    lost: 0,
    lostBreakdown: { store: 0, topic: 0, projection: 0 },
    duplicatedOnTopic: 0,
    appliedTwice: 0,
    recoverySeconds: 0,
    checks: [
      {
        name: 'ran to the end',
        passed: false,
        detail: error instanceof Error ? error.message.slice(0, 2000) : String(error),
      },
    ],
    notes: [],
  };
}

void main();
