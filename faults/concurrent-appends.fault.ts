import { ApiClient } from './harness/api-client';
import type { Fault } from './harness/fault';
import { outcomeOf, settleAndCount } from './harness/outcome';
import { FaultSystem } from './harness/system';

/** Many officers record on the same case version at once: exactly one wins, the rest get 412. */
export const concurrentAppends: Fault = {
  name: 'concurrent-appends',
  title: 'concurrent appends with the same expected version',
  async run({ profile, postgresUrl, kafkaBrokers, log }) {
    const system = await FaultSystem.create('concurrent-appends', {
      databaseServerUrl: postgresUrl,
      kafkaBrokers,
    });
    try {
      await system.startAll();
      const api = new ApiClient(system.apiUrl);
      const acknowledged: string[] = [];
      let racesWithOneWinner = 0;
      const unexpected: number[] = [];
      for (let race = 0; race < profile.races; race += 1) {
        const opened = await api.openCase();
        if (!opened.caseId) throw new Error(`opening a case failed with ${opened.status}`);
        acknowledged.push(...opened.eventIds);
        const results = await Promise.all(
          Array.from({ length: profile.racingAppends }, (_, index) =>
            api.requestDetainer(opened.caseId as string, index, { 'if-match': '"1"' }),
          ),
        );
        const winners = results.filter((result) => result.status === 201);
        unexpected.push(
          ...results.map((result) => result.status).filter((status) => status !== 201 && status !== 412),
        );
        if (winners.length === 1) racesWithOneWinner += 1;
        for (const winner of winners) acknowledged.push(...winner.eventIds);
      }
      log(`${racesWithOneWinner} of ${profile.races} races had exactly one winner`);
      const endedAt = Date.now();
      const tally = await settleAndCount(system, acknowledged, profile.settleTimeoutMs);
      await tally.topic.stop();
      const versionsOff = [...tally.store.streams.values()].filter((version) => version !== 2).length;
      return outcomeOf(this.name, this.title, tally, acknowledged.length, { faultEndedAt: endedAt }, [
        {
          name: 'exactly one wins',
          passed: racesWithOneWinner === profile.races && unexpected.length === 0 && versionsOff === 0,
          detail:
            `${racesWithOneWinner}/${profile.races} races of ${profile.racingAppends} appends had one winner; ` +
            `the others 412; other statuses: ${unexpected.length}; cases not at version 2: ${versionsOff}`,
        },
      ]);
    } finally {
      await system.close();
    }
  },
};
