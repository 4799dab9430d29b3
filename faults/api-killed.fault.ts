import { DataSource } from 'typeorm';
import { countUnchained, verifyAuditChain } from '@casetrail/audit';
import { dataSourceOptions } from '@casetrail/database';
import { ApiClient } from './harness/api-client';
import type { Fault } from './harness/fault';
import { Load } from './harness/load';
import { outcomeOf, retrying, settleAndCount } from './harness/outcome';
import { seededRandom, sleep } from './harness/random';
import { FaultSystem } from './harness/system';

/**
 * The api SIGKILLed again and again while officers keep writing; each time it is restarted. Every
 * write it acknowledged must have its audit record (`audit missing` 0), and the records left
 * unchained by a killed api must be chained by the next one, the chain intact.
 */
export const apiKilled: Fault = {
  name: 'api-killed',
  title: 'api killed (SIGKILL) repeatedly while it acknowledges writes',
  async run({ profile, seed, postgresUrl, kafkaBrokers, log }) {
    const system = await FaultSystem.create('api-killed', { databaseServerUrl: postgresUrl, kafkaBrokers });
    const audit = await new DataSource(dataSourceOptions(system.databaseUrl)).initialize();
    try {
      await system.startAll();
      const load = new Load(new ApiClient(system.apiUrl), seed, 5).start(profile.writers);
      const random = seededRandom(seed);
      await sleep(profile.warmupMs);
      let faultEndedAt = Date.now();
      for (let kill = 0; kill < profile.apiKills; kill += 1) {
        await sleep(500 + Math.floor(random() * 1_500));
        await system.apps.api.kill();
        const killedAt = Date.now();
        await system.apps.api.start();
        faultEndedAt = Date.now();
        log(`api killed ${kill + 1}/${profile.apiKills}, back after ${faultEndedAt - killedAt} ms`);
      }
      await sleep(profile.cooldownMs);
      await load.stop();
      const tally = await settleAndCount(system, load.acknowledged.keys(), profile.settleTimeoutMs);
      await tally.topic.stop();

      const audited = await retrying(() => auditedCorrelations(audit));
      const missing = [...load.acknowledgedCorrelations].filter((id) => !audited.has(id)).length;
      const unchained = await waitUntilChained(audit, profile.settleTimeoutMs);
      const verdict = await retrying(() => verifyAuditChain(audit));
      return outcomeOf(
        this.name,
        this.title,
        tally,
        load.acknowledged.size,
        { faultEndedAt },
        [
          {
            name: 'api killed and restarted',
            passed: system.apps.api.exits.filter((exit) => exit === 'SIGKILL').length === profile.apiKills,
            detail: `exits: ${system.apps.api.exits.join(', ')}`,
          },
          {
            name: 'no acknowledged write without its audit record',
            passed: missing === 0 && load.acknowledgedCorrelations.size > 0,
            detail: `audit missing: ${missing} of ${load.acknowledgedCorrelations.size} acknowledged writes`,
          },
          {
            name: 'audit chain intact, every record chained',
            passed: verdict.intact && unchained === 0,
            detail: `${verdict.intact ? 'intact' : `broken: ${verdict.reason}`}, ${verdict.records} chained, ${unchained} left unchained`,
          },
        ],
        [`audit missing: ${missing} of ${load.acknowledgedCorrelations.size} acknowledged writes`],
      );
    } finally {
      await audit.destroy();
      await system.close();
    }
  },
};

/** The correlation ids of every audit record, chained or not yet. */
async function auditedCorrelations(db: DataSource): Promise<Set<string>> {
  const rows: { correlation_id: string }[] = await db.query(
    `SELECT (record::jsonb) ->> 'correlationId' AS correlation_id FROM public.audit_log
     UNION ALL SELECT (record::jsonb) ->> 'correlationId' FROM public.audit_unchained`,
  );
  return new Set(rows.map((row) => row.correlation_id));
}

/** The records still unchained once the running api has had `timeoutMs` to chain them. */
async function waitUntilChained(db: DataSource, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const unchained = await retrying(() => countUnchained(db));
    if (unchained === 0 || Date.now() > deadline) return unchained;
    await sleep(250);
  }
}
