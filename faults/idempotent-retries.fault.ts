import { ApiClient, type WriteResult } from './harness/api-client';
import type { Fault } from './harness/fault';
import { outcomeOf, settleAndCount } from './harness/outcome';
import { seededRandom, sleep } from './harness/random';
import { FaultSystem } from './harness/system';
import { TcpProxy } from '@casetrail/testing';

const ATTEMPTS = 20;

/**
 * Commands whose responses a proxy cuts (the command ran, the officer never heard) and which are
 * retried with the same Idempotency-Key until answered; some are also sent twice at once. Every
 * command must be stored once, and every answer for a key must name the same events.
 */
export const idempotentRetries: Fault = {
  name: 'idempotent-retries',
  title: 'retries with the same Idempotency-Key',
  async run({ profile, seed, postgresUrl, kafkaBrokers, log }) {
    const system = await FaultSystem.create('idempotency', { databaseServerUrl: postgresUrl, kafkaBrokers });
    const random = seededRandom(seed);
    const cuts = seededRandom(seed + 1);
    const proxy = new TcpProxy(Number(new URL(system.apiUrl).port), () => cuts() < 0.3);
    try {
      await system.startAll();
      const api = new ApiClient(`http://127.0.0.1:${await proxy.start()}`);
      const answers = new Map<string, WriteResult[]>();
      const send = async (
        key: string,
        command: (headers: Record<string, string>) => Promise<WriteResult>,
      ) => {
        const headers = { 'idempotency-key': key };
        const results =
          random() < 0.25
            ? await Promise.all([command(headers), command(headers)])
            : [await command(headers)];
        for (let attempt = 1; attempt < ATTEMPTS && !results.some(ok); attempt += 1) {
          await sleep(50);
          results.push(await command(headers));
        }
        answers.set(key, results.filter(ok));
        return results.find(ok);
      };
      const cases: string[] = [];
      for (let index = 0; index < profile.idempotentCommands; index += 1) {
        const key = `faults-idempotency-${seed}-${index}`;
        if (cases.length === 0 || random() < 0.3) {
          const opened = await send(key, (headers) => api.openCase(headers));
          if (opened?.caseId) cases.push(opened.caseId);
        } else {
          const caseId = cases[Math.floor(random() * cases.length)];
          await send(key, (headers) => api.requestDetainer(caseId, index, headers));
        }
      }
      const endedAt = Date.now();
      log(`${answers.size} commands, ${proxy.resets} responses cut`);

      const acknowledged = new Set<string>();
      let inconsistent = 0;
      let unanswered = 0;
      for (const results of answers.values()) {
        if (results.length === 0) unanswered += 1;
        const first = results[0]?.eventIds.join(',');
        if (results.some((result) => result.eventIds.join(',') !== first)) inconsistent += 1;
        for (const id of results[0]?.eventIds ?? []) acknowledged.add(id);
      }
      const tally = await settleAndCount(system, acknowledged, profile.settleTimeoutMs);
      await tally.topic.stop();
      const storedTwice = tally.written - acknowledged.size;
      return outcomeOf(this.name, this.title, tally, acknowledged.size, { faultEndedAt: endedAt }, [
        {
          name: 'each command stored once',
          passed: storedTwice === 0 && unanswered === 0,
          detail: `${tally.written} events stored for ${acknowledged.size} acknowledged; ${unanswered} commands never answered`,
        },
        {
          name: 'every answer to a key names the same events',
          passed: inconsistent === 0 && proxy.resets > 0,
          detail: `${inconsistent} keys answered differently; ${proxy.resets} responses cut by the proxy`,
        },
      ]);
    } finally {
      await proxy.stop();
      await system.close();
    }
  },
};

function ok(result: WriteResult): boolean {
  return result.status >= 200 && result.status < 300;
}
