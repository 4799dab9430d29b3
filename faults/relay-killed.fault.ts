import { ApiClient } from './harness/api-client';
import type { Fault } from './harness/fault';
import { Load } from './harness/load';
import { outcomeOf, recoveryAfter, settleAndCount } from './harness/outcome';
import { seededRandom, sleep } from './harness/random';
import { FaultSystem } from './harness/system';

/** The relay SIGKILLed again and again while officers keep writing; each time it is restarted. */
export const relayKilled: Fault = {
  name: 'relay-killed',
  title: 'relay killed (SIGKILL) repeatedly while events flow',
  async run({ profile, seed, postgresUrl, kafkaBrokers, log }) {
    const system = await FaultSystem.create('relay-killed', { databaseServerUrl: postgresUrl, kafkaBrokers });
    try {
      await system.startAll();
      const load = new Load(new ApiClient(system.apiUrl), seed).start(profile.writers);
      const random = seededRandom(seed);
      const recoveries: Promise<number>[] = [];
      await sleep(profile.warmupMs);
      for (let kill = 0; kill < profile.relayKills; kill += 1) {
        await sleep(500 + Math.floor(random() * 2_000));
        await system.apps.relay.kill();
        const killedAt = Date.now();
        recoveries.push(recoveryAfter(system, killedAt, 2 * profile.settleTimeoutMs));
        await system.apps.relay.start();
        log(`relay killed ${kill + 1}/${profile.relayKills}, back after ${Date.now() - killedAt} ms`);
      }
      await sleep(profile.cooldownMs);
      await load.stop();
      const tally = await settleAndCount(system, load.acknowledged.keys(), profile.settleTimeoutMs);
      await tally.topic.stop();
      const seconds = await Promise.all(recoveries);
      return outcomeOf(
        this.name,
        this.title,
        tally,
        load.acknowledged.size,
        { seconds: Math.max(...seconds) },
        [
          {
            name: 'relay killed and restarted',
            passed:
              system.apps.relay.exits.filter((exit) => exit === 'SIGKILL').length === profile.relayKills,
            detail: `exits: ${system.apps.relay.exits.join(', ')}`,
          },
        ],
        [`recovery after each kill (s): ${seconds.map((value) => value.toFixed(1)).join(', ')}`],
      );
    } finally {
      await system.close();
    }
  },
};
