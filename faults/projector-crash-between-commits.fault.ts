import { ApiClient } from './harness/api-client';
import type { Fault } from './harness/fault';
import { Load } from './harness/load';
import { outcomeOf, recoveryAfter, settleAndCount } from './harness/outcome';
import { sleep } from './harness/random';
import { FaultSystem } from './harness/system';

const COMMITS_BEFORE_CRASH = '3';

/**
 * The projector dies between its database commit and its Kafka offset commit (its opt-in crash
 * point, FAULT_CRASH_AFTER_PROJECTION_COMMITS), again and again; each restart is given the same
 * batch once more and must recognise it as applied.
 */
export const projectorCrashBetweenCommits: Fault = {
  name: 'projector-crash-between-commits',
  title: 'projector killed between its database commit and its offset commit, repeatedly',
  async run({ profile, seed, postgresUrl, kafkaBrokers, log }) {
    const system = await FaultSystem.create('projector-crash', {
      databaseServerUrl: postgresUrl,
      kafkaBrokers,
    });
    try {
      await system.apps.relay.start();
      await system.apps.api.start();
      const crash = { FAULT_CRASH_AFTER_PROJECTION_COMMITS: COMMITS_BEFORE_CRASH };
      const projector = system.apps.projector;
      await projector.start(crash, { mayExit: true });
      const load = new Load(new ApiClient(system.apiUrl), seed).start(profile.writers);
      const restarts: number[] = [];
      let recovery: Promise<number> = Promise.resolve(0);
      for (let crashes = 1; crashes <= profile.projectorCrashes; crashes += 1) {
        await projector.waitForExit();
        const crashedAt = Date.now();
        const last = crashes === profile.projectorCrashes;
        // Each restart but the last crashes again within a few batches; only the last catches up.
        if (last) recovery = recoveryAfter(system, crashedAt, 2 * profile.settleTimeoutMs);
        await projector.start(last ? {} : crash, { mayExit: !last });
        restarts.push((Date.now() - crashedAt) / 1000);
        log(
          `projector crashed ${crashes}/${profile.projectorCrashes}, back after ${Date.now() - crashedAt} ms`,
        );
      }
      await sleep(profile.cooldownMs);
      await load.stop();
      const tally = await settleAndCount(system, load.acknowledged.keys(), profile.settleTimeoutMs);
      await tally.topic.stop();
      const crashes = system.apps.projector.exits.filter((exit) => exit === 'SIGKILL').length;
      return outcomeOf(
        this.name,
        this.title,
        tally,
        load.acknowledged.size,
        { seconds: await recovery },
        [
          {
            name: 'crashed at the crash point',
            passed: crashes === profile.projectorCrashes,
            detail: `${crashes} crashes after ${COMMITS_BEFORE_CRASH} committed batches each; exits: ${system.apps.projector.exits.join(', ')}`,
          },
        ],
        [
          `recovery is measured from the last crash; each restart took (s): ${restarts.map((value) => value.toFixed(1)).join(', ')}`,
          'a restarted projector gets its partitions only once the killed member has left the consumer group (its session timeout, 30 s by default)',
        ],
      );
    } finally {
      await system.close();
    }
  },
};
