import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@casetrail/contracts';
import { ApiClient } from './harness/api-client';
import { answers200, AppProcess } from './harness/app-process';
import type { Fault } from './harness/fault';
import { Load } from './harness/load';
import { outcomeOf, recoveryAfter, settleAndCount } from './harness/outcome';
import { freePort } from './harness/ports';
import { seededRandom, sleep } from './harness/random';
import { APP_LOG_DIR, FaultSystem } from './harness/system';
import { caseOrderViolations } from './harness/topic-log';

const RELAYS = 3;
const SHARDS = 12;
/** Short, so the survivors take over within seconds; the default is 10 s. */
const LEASE_MS = 3_000;
const SHARDS_OWNED = 'casetrail_relay_shards_owned';
const TAKEOVERS = 'casetrail_relay_shard_takeovers_total';

interface Relay {
  process: AppProcess;
  opsUrl: string;
}

/**
 * Three relays share the outbox's shards while officers write; one is SIGKILLed and stays down.
 * Its leases lapse and the two others take its shards over; nothing is lost and every case's events
 * stay in order on the topic, checked message by message.
 */
export const relayShardTakeover: Fault = {
  name: 'relay-shard-takeover',
  title: 'three relays share the outbox shards; one SIGKILLed under load, its shards taken over',
  async run({ profile, seed, postgresUrl, kafkaBrokers, log }) {
    const system = await FaultSystem.create('relay-shard-takeover', {
      databaseServerUrl: postgresUrl,
      kafkaBrokers,
      env: { RELAY_SHARDS: String(SHARDS), RELAY_LEASE_MS: String(LEASE_MS) },
    });
    const relays: Relay[] = [{ process: system.apps.relay, opsUrl: system.opsUrls.relay }];
    for (let index = 1; index < RELAYS; index += 1) {
      const port = await freePort();
      const opsUrl = `http://127.0.0.1:${port}`;
      const env = { ...system.env, RELAY_OPS_PORT: String(port) };
      relays.push({ process: new AppProcess('relay', env, `${opsUrl}/health/ready`), opsUrl });
    }
    const owned = (relay: Relay) => shardsOwned(relay.opsUrl);
    try {
      await system.startAll();
      await Promise.all(relays.slice(1).map((relay) => relay.process.start()));
      const balanced = await waitFor(
        async () => (await Promise.all(relays.map(owned))).every((count) => count === SHARDS / RELAYS),
        4 * LEASE_MS,
      );
      const before = await Promise.all(relays.map(owned));
      log(`shards per relay before the kill: ${before.join(', ')}`);

      const load = new Load(new ApiClient(system.apiUrl), seed).start(profile.writers);
      await sleep(profile.warmupMs + Math.floor(seededRandom(seed)() * 1_000));
      const victim = relays[1 + Math.floor(seededRandom(seed + 1)() * (RELAYS - 1))];
      const survivors = relays.filter((relay) => relay !== victim);
      const victimShards = await owned(victim);
      const takeoversOf = async () =>
        sum(await Promise.all(survivors.map((relay) => relayMetric(relay.opsUrl, TAKEOVERS))));
      const takeoversBefore = await takeoversOf();
      await victim.process.kill();
      const killedAt = Date.now();
      const takenOver = await waitFor(
        async () => sum(await Promise.all(survivors.map(owned))) === SHARDS,
        profile.settleTimeoutMs,
      );
      // Claimed because the victim's leases lapsed, not because it gave them up (a survivor stalled
      // past its own lease on a loaded machine may add more).
      const takeovers = (await takeoversOf()) - takeoversBefore;
      const takeoverSeconds = (Date.now() - killedAt) / 1000;
      // From the kill until everything written before the takeover finished (including what waited
      // in the killed relay's shards meanwhile) is published and projected.
      const recovery = recoveryAfter(system, killedAt, 2 * profile.settleTimeoutMs);
      const after = await Promise.all(survivors.map(owned));
      log(
        `relay with ${victimShards} shards killed; survivors own ${after.join(', ')} after ${takeoverSeconds.toFixed(1)} s`,
      );
      await sleep(profile.cooldownMs);
      await load.stop();

      const tally = await settleAndCount(system, load.acknowledged.keys(), profile.settleTimeoutMs);
      await tally.topic.stop();
      const order = caseOrderViolations(tally.topic.on(TOPICS.caseEvents));
      return outcomeOf(
        this.name,
        this.title,
        tally,
        load.acknowledged.size,
        { seconds: await recovery },
        [
          {
            name: 'three relays share the shards evenly',
            passed: balanced,
            detail: `shards per relay: ${before.join(', ')}`,
          },
          {
            name: 'the killed relay’s shards taken over by the others',
            passed: takenOver && victimShards > 0 && takeovers >= victimShards,
            detail: `killed relay owned ${victimShards}; survivors own ${after.join(', ')}, ${takeovers} by takeover`,
          },
          {
            name: 'per-case order on the topic, message by message',
            passed: order.violations.length === 0 && order.checked > 0,
            detail:
              order.violations.length === 0
                ? `${order.checked} messages of ${order.cases} cases: each case on one partition, first occurrences of its versions 1, 2, 3, …`
                : JSON.stringify(order.violations.slice(0, 5)),
          },
          {
            name: 'relay killed',
            passed: victim.process.exits.includes('SIGKILL'),
            detail: `exits: ${victim.process.exits.join(', ')}`,
          },
        ],
        [
          `lease ${LEASE_MS / 1000} s; all ${SHARDS} shards owned by the survivors ${takeoverSeconds.toFixed(1)} s after the kill`,
          `order checked on ${order.checked} case-event messages of ${order.cases} cases`,
        ],
      );
    } finally {
      mkdirSync(APP_LOG_DIR, { recursive: true });
      for (const [index, relay] of relays.slice(1).entries()) {
        await relay.process.stop();
        writeFileSync(join(APP_LOG_DIR, `${this.name}-relay-${index + 2}.log`), relay.process.keptOutput);
      }
      await system.close();
    }
  },
};

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

async function shardsOwned(opsUrl: string): Promise<number> {
  return relayMetric(opsUrl, SHARDS_OWNED);
}

/** One relay's metric; 0 when it does not answer (a killed relay owns nothing). */
async function relayMetric(opsUrl: string, name: string): Promise<number> {
  if (!(await answers200(`${opsUrl}/health/live`))) return 0;
  const response = await fetch(`${opsUrl}/metrics`, { signal: AbortSignal.timeout(3_000) });
  const match = new RegExp(`^${name}\\{[^}]*\\} ([0-9.]+)$`, 'm').exec(await response.text());
  return match ? Number(match[1]) : 0;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}
