import { parentPort, workerData } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@casetrail/database';
import { PostgresEventStore } from '@casetrail/event-store';
import { CaseEventApplier } from '../case-event-applier';
import { caseProjections } from '../case-projections';
import { applyCaseOrder, type RebuildWorkerData } from './read-model-rebuild';

/**
 * One thread of a rebuild by several workers: applies its range of cases with connections of its
 * own, telling the rebuild how many events each batch applied.
 */
async function main(): Promise<void> {
  const { databaseUrl, ...range } = workerData as RebuildWorkerData;
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  try {
    const eventStore = new PostgresEventStore(dataSource);
    await applyCaseOrder(dataSource, eventStore, new CaseEventApplier(caseProjections(), eventStore), {
      ...range,
      onApplied: (events) => parentPort?.postMessage(events),
    });
  } finally {
    await dataSource.destroy();
  }
}

void main();
