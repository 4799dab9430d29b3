import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@casetrail/database';
import { PostgresEventStore } from '@casetrail/event-store';
import { caseProjections, rebuildReadModels } from '@casetrail/read-models';
import { emmettRebuild } from '../baselines/emmett-rebuild';
import { withEmmettTypeParsers } from '../baselines/emmett-type-parsers';
import { byScale, throughputFigure, type Benchmark } from '../harness';
import { prepareEventStore } from './rebuild.bench';

/**
 * Rebuild against the peer: Casetrail's `rebuildReadModels` and Emmett's
 * `rebuildPostgreSQLProjections` over the same seeded events in the same database. Smaller than the
 * 1-million-event rebuild suite because Emmett's rebuild runs about a thousand events a second.
 */
const benchmark: Benchmark = {
  name: 'rebuild vs Emmett',
  async run(context) {
    const size = byScale(context, { smoke: 3_000, standard: 40_000 });
    const prepared = await prepareEventStore(context, size, 'rebuild_emmett');
    try {
      const dataSource = await new DataSource(dataSourceOptions(prepared.database.url)).initialize();
      let rebuilt;
      try {
        rebuilt = await rebuildReadModels(dataSource, new PostgresEventStore(dataSource), caseProjections());
      } finally {
        await dataSource.destroy();
      }
      const emmett = await withEmmettTypeParsers(() =>
        emmettRebuild(prepared.database.url, { maxEvents: prepared.events }),
      );
      context.log(
        `  Casetrail ${rebuilt.events} events in ${rebuilt.seconds.toFixed(1)} s; Emmett ${emmett.events} in ${emmett.seconds.toFixed(1)} s`,
      );
      return [
        throughputFigure({
          name: `rebuild of ${rebuilt.events} events vs Emmett's projection rebuild`,
          unit: 'events/s',
          value: rebuilt.events / rebuilt.seconds,
          baseline: {
            name: 'Emmett rebuildPostgreSQLProjections, one summary table',
            value: emmett.eventsPerSecond,
          },
          notes:
            'Same events, same database. Casetrail rebuilds all seven read models; Emmett rebuilds one ' +
            'table (stream version and docket per case) through its projector, which applies and checkpoints ' +
            `event by event (pulling ${emmett.batchSize} at a time). Events copied into Emmett's tables first ` +
            `(${emmett.copySeconds.toFixed(1)} s, not timed).`,
        }),
      ];
    } finally {
      await prepared.database.drop();
    }
  },
};

export default benchmark;
