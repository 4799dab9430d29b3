import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CASE_STREAM_TYPE, encryptSubject, newSubjectKey, wrapSubjectKey } from '@casetrail/case-commands';
import type { CaseOpened } from '@casetrail/domain';
import {
  renderStreams,
  type BulkStream,
  type CompanionRows,
  type RenderedStreams,
} from '@casetrail/event-store';
import type { CaseHistory } from './case-history';
import type { Seed, SeedOptions } from './seed-generator';

export const SUBJECT_KEYS_COPY = 'COPY subject_keys (case_id, wrapped_key) FROM STDIN';

/** Cases rendered for the bulk loader, with how many of them each office's dockets hold. */
export interface SeedBatch extends RenderedStreams {
  /** Cases by the office and docket their history leaves them on: `docketsByOffice[office][docket]`. */
  docketsByOffice: Record<string, Record<string, number>>;
}

/**
 * Cases rendered in COPY's text format for `bulkLoadRendered`: events, `streams` rows and the
 * subject keys (as companion rows). Each subject's personal fields are encrypted as the command
 * side stores them (PersonalDataVault): a key per subject, wrapped with the deployment's key.
 */
export function renderSeedBatch(histories: Iterable<CaseHistory>, masterKey: Buffer): SeedBatch {
  const streams: BulkStream[] = [];
  /** Each case's subject_keys row: its subject's key wrapped with the deployment's key. */
  const keyRows = new Map<string, string>();
  const docketsByOffice: Record<string, Record<string, number>> = {};
  for (const history of histories) {
    const { caseId, state } = history;
    if (state.opened) {
      const dockets = (docketsByOffice[state.officeId] ??= {});
      dockets[state.docket] = (dockets[state.docket] ?? 0) + 1;
    }
    if (history.events.length === 0) continue;
    const key = newSubjectKey();
    keyRows.set(caseId, `${caseId}\t\\\\x${wrapSubjectKey(masterKey, caseId, key).toString('hex')}\n`);
    streams.push({
      streamId: caseId,
      streamType: CASE_STREAM_TYPE,
      events: history.events.map((event) => {
        if (event.type !== 'CaseOpened') return event;
        const data = event.data as CaseOpened['data'];
        return { ...event, data: { ...data, subject: encryptSubject(key, caseId, data.subject) } };
      }),
    });
  }
  const subjectKeys: CompanionRows = {
    copy: SUBJECT_KEYS_COPY,
    rows: ({ streamId }) => [keyRows.get(streamId) ?? ''],
  };
  return { ...renderStreams(streams, [subjectKeys]), docketsByOffice };
}

export interface SeedBatchOptions {
  /**
   * Threads generating beside the one writing to Postgres; 0 generates on this thread. Defaults
   * to one per core but one (Postgres and the writing thread share that one) when running the
   * compiled code; 0 from TypeScript sources (jest), where a worker could not load its module.
   */
  workers?: number;
  /** Cases a batch holds: a few hundred events each, so Postgres takes one while the next is made. */
  casesPerBatch?: number;
}

/** A worker's request: render the cases with an index in `[from, to)`. */
export interface SeedWorkerRequest {
  from: number;
  to: number;
}

export interface SeedWorkerData {
  options: SeedOptions;
  masterKey: Uint8Array;
}

const COMPILED = __filename.endsWith('.js');
/**
 * How many batches each worker renders ahead of the writer: enough to keep it busy while the
 * writer waits for a commit (about 12,000 events, some 9 MB of rows).
 */
const BATCHES_AHEAD = 16;

/**
 * The seed's cases as rendered batches, in case order whatever the number of workers: batch i
 * goes to worker i mod n and the batches are handed on in order, so the events load in the same
 * order, with the same global positions, as when generated on one thread.
 */
export async function* seedBatches(
  seed: Seed,
  masterKey: Buffer,
  {
    workers = COMPILED ? Math.max(1, availableParallelism() - 1) : 0,
    casesPerBatch = 200,
  }: SeedBatchOptions = {},
): AsyncGenerator<SeedBatch> {
  const ranges: SeedWorkerRequest[] = [];
  for (let from = 0; from < seed.caseCount; from += casesPerBatch)
    ranges.push({ from, to: Math.min(from + casesPerBatch, seed.caseCount) });
  if (workers === 0) {
    for (const range of ranges) yield renderSeedBatch(seed.cases(range), masterKey);
    return;
  }

  const pool = Array.from({ length: workers }, () => startWorker(seed.options, masterKey));
  const requested = new Map<number, Promise<SeedBatch>>();
  let next = 0;
  const request = () => {
    const index = next;
    next += 1;
    requested.set(index, pool[index % workers].render(ranges[index]));
  };
  try {
    while (next < Math.min(ranges.length, workers * BATCHES_AHEAD)) request();
    for (let index = 0; index < ranges.length; index += 1) {
      const batch = requested.get(index);
      if (!batch) throw new Error(`seed batch ${index} was never requested`);
      requested.delete(index);
      if (next < ranges.length) request();
      yield await batch;
    }
  } finally {
    for (const promise of requested.values()) promise.catch(() => undefined);
    await Promise.all(pool.map((worker) => worker.stop()));
  }
}

interface SeedWorker {
  /** Answers in the order asked. */
  render(range: SeedWorkerRequest): Promise<SeedBatch>;
  stop(): Promise<void>;
}

function startWorker(options: SeedOptions, masterKey: Buffer): SeedWorker {
  const workerData: SeedWorkerData = { options, masterKey: new Uint8Array(masterKey) };
  const worker = new Worker(join(__dirname, 'seed-worker.js'), { workerData });
  const waiting: { resolve: (batch: SeedBatch) => void; reject: (error: Error) => void }[] = [];
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const pending of waiting.splice(0)) pending.reject(failure);
  };
  worker.on('message', (batch: SeedBatch) => waiting.shift()?.resolve(batch));
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`a seed worker stopped (exit code ${code})`)));
  return {
    render(range) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        worker.postMessage(range);
      });
    },
    async stop() {
      failure ??= new Error('the seed workers were stopped');
      await worker.terminate();
    },
  };
}
