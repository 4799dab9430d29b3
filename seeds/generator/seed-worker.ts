import { parentPort, workerData } from 'node:worker_threads';
import { renderSeedBatch, type SeedWorkerData, type SeedWorkerRequest } from './seed-batches';
import { planSeed } from './seed-generator';

/** A thread of `seedBatches`: renders the ranges of cases it is asked for, in the order asked. */
const { options, masterKey } = workerData as SeedWorkerData;
const seed = planSeed(options);
const key = Buffer.from(masterKey);
parentPort?.on('message', (range: SeedWorkerRequest) => {
  parentPort?.postMessage(renderSeedBatch(seed.cases(range), key));
});
