import { ApiClient } from './harness/api-client';
import type { Fault } from './harness/fault';
import { Load } from './harness/load';
import { outcomeOf, recoveryAfter, settleAndCount } from './harness/outcome';
import { PrivateKafka } from './harness/private-kafka';
import { sleep } from './harness/random';
import { FaultSystem } from './harness/system';

const BACKLOG = 'casetrail_relay_outbox_backlog_messages';

/**
 * The broker stopped under load and started again: commands keep being acknowledged, the outbox
 * grows while the broker is away (as the relay's /metrics shows) and drains once it is back.
 */
export const brokerOutage: Fault = {
  name: 'broker-outage',
  title: 'Kafka broker stopped and restarted under load',
  async run({ profile, seed, postgresUrl, log }) {
    const kafka = new PrivateKafka(19092, 19093);
    await kafka.start();
    const system = await FaultSystem.create('broker-outage', {
      databaseServerUrl: postgresUrl,
      kafkaBrokers: kafka.brokers,
    });
    const samples: { at: number; phase: 'before' | 'down' | 'after'; backlog: number | undefined }[] = [];
    let phase: 'before' | 'down' | 'after' = 'before';
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push({ at: Date.now(), phase, backlog: await system.metric('relay', BACKLOG) });
        await sleep(1_000);
      }
    })();
    try {
      await system.startAll();
      const load = new Load(new ApiClient(system.apiUrl), seed).start(profile.writers);
      await sleep(profile.warmupMs);
      const stoppedAt = Date.now();
      await kafka.stop();
      phase = 'down';
      log(`broker stopped; down for ${profile.brokerDownMs / 1000} s`);
      await sleep(Math.max(0, profile.brokerDownMs - (Date.now() - stoppedAt)));
      phase = 'after';
      await kafka.start();
      const restartedAt = Date.now();
      log(`broker back after ${((restartedAt - stoppedAt) / 1000).toFixed(1)} s`);
      const recovery = recoveryAfter(system, restartedAt, 2 * profile.settleTimeoutMs);
      await sleep(profile.cooldownMs);
      await load.stop();
      const tally = await settleAndCount(system, load.acknowledged.keys(), profile.settleTimeoutMs);
      await tally.topic.stop();
      samples.push({ at: Date.now(), phase: 'after', backlog: await system.metric('relay', BACKLOG) });
      sampling = false;
      await sampler;

      const values = (which: string) =>
        samples
          .filter((sample) => sample.phase === which && sample.backlog !== undefined)
          .map((s) => s.backlog as number);
      const before = Math.max(0, ...values('before'));
      const peak = Math.max(0, ...values('down'), ...values('after'));
      const final = samples[samples.length - 1].backlog;
      const drained = samples.find((sample) => sample.at >= restartedAt && sample.backlog === 0);
      const acknowledgedWhileDown = load.acknowledgedAt.filter(
        (at) => at >= stoppedAt && at < restartedAt,
      ).length;
      return outcomeOf(
        this.name,
        this.title,
        tally,
        load.acknowledged.size,
        { seconds: await recovery },
        [
          {
            name: 'outbox backlog rose and fell on /metrics',
            passed: peak > before && final === 0,
            detail: `${BACKLOG}: at most ${before} before, peak ${peak} while the broker was away, ${final} at the end`,
          },
          {
            name: 'commands acknowledged while the broker was down',
            passed: acknowledgedWhileDown > 0,
            detail: `${acknowledgedWhileDown} commands`,
          },
        ],
        [
          `broker down ${((restartedAt - stoppedAt) / 1000).toFixed(1)} s (stop to ready again)`,
          `outbox empty on /metrics ${drained ? `${((drained.at - restartedAt) / 1000).toFixed(1)} s` : 'never'} after the broker was back`,
          `backlog samples (every ~5 s): ${samples
            .filter((_, index) => index % 5 === 0)
            .map((sample) => `${Math.round((sample.at - stoppedAt) / 1000)}s:${sample.backlog ?? '-'}`)
            .join(' ')}`,
        ],
      );
    } finally {
      sampling = false;
      await sampler;
      await system.close();
      await kafka.stop();
    }
  },
};
