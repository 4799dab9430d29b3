import { ApiClient } from './harness/api-client';
import type { Fault } from './harness/fault';
import { Load } from './harness/load';
import { outcomeOf, recoveryAfter, settleAndCount } from './harness/outcome';
import { freePort } from './harness/ports';
import { PrivatePostgres } from './harness/private-postgres';
import { sleep } from './harness/random';
import { FaultSystem } from './harness/system';

/**
 * Postgres stopped immediately (as a crash) under load and started again: every command the api
 * acknowledged must survive, and the apps must find their way back without a restart.
 */
export const postgresRestart: Fault = {
  name: 'postgres-restart',
  title: 'Postgres stopped immediately and restarted under load',
  async run({ profile, seed, kafkaBrokers, log }) {
    const postgres = new PrivatePostgres(await freePort());
    await postgres.init();
    const system = await FaultSystem.create('postgres-restart', {
      databaseServerUrl: postgres.url,
      kafkaBrokers,
    });
    try {
      await system.startAll();
      const load = new Load(new ApiClient(system.apiUrl), seed).start(profile.writers);
      await sleep(profile.warmupMs);
      const acknowledgedBefore = load.commands.acknowledged;
      await postgres.stopImmediately();
      log(`postgres stopped (immediate) after ${acknowledgedBefore} acknowledged commands`);
      await sleep(profile.postgresDownMs);
      await postgres.start();
      const restartedAt = Date.now();
      log('postgres started again');
      const recovery = recoveryAfter(system, restartedAt, 2 * profile.settleTimeoutMs);
      await sleep(profile.cooldownMs);
      await load.stop();
      const tally = await settleAndCount(system, load.acknowledged.keys(), profile.settleTimeoutMs);
      await tally.topic.stop();
      const firstAcknowledgement = load.firstAcknowledgementAfter(restartedAt);
      const crashed = Object.values(system.apps)
        .filter((app) => !app.running)
        .map((app) => app.name);
      return outcomeOf(
        this.name,
        this.title,
        tally,
        load.acknowledged.size,
        { seconds: await recovery },
        [
          {
            name: 'every app rode it out',
            passed: crashed.length === 0,
            detail:
              crashed.length === 0
                ? 'api, relay and projector kept running'
                : `exited: ${crashed.join(', ')}`,
          },
          {
            name: 'commands acknowledged again after the restart',
            passed: firstAcknowledgement !== undefined,
            detail:
              firstAcknowledgement === undefined
                ? 'none'
                : `first acknowledgement ${(firstAcknowledgement / 1000).toFixed(1)} s after the restart`,
          },
        ],
        [
          `down ${profile.postgresDownMs / 1000} s; ${load.commands.refused} commands refused or unanswered while it was down (not acknowledged, so not counted as lost)`,
        ],
      );
    } finally {
      await system.close();
      await postgres.destroy();
    }
  },
};
