import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { decryptSubject, unwrapSubjectKey } from '@casetrail/case-commands';
import { DEVELOPMENT_PERSONAL_DATA_KEY } from '@casetrail/config';
import type { SubjectIdentity } from '@casetrail/domain';
import { createTestDatabase, REPOSITORY_ROOT, type TestDatabase } from '@casetrail/testing';
import { planSeed } from '@seeds/generator/seed-generator';
import { loadSeed } from '@seeds/generator/seed-load';
import { customScale } from '@seeds/generator/seed-scales';

const run = promisify(execFile);
const CASES = 900;
const SEED = 11;
const AS_OF = '2026-11-02T09:00:00.000Z';
const MASTER_KEY = Buffer.from(DEVELOPMENT_PERSONAL_DATA_KEY, 'base64');

interface StoredEvent {
  global_position: string;
  stream_id: string;
  stream_version: number;
  event_type: string;
  data: { subject?: SubjectIdentity } & Record<string, unknown>;
}

/** Every event in order, each subject read back with its case's key as a reader with the key would. */
async function readableEvents(url: string): Promise<StoredEvent[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const keys = new Map(
      (
        await client.query<{ case_id: string; wrapped_key: Buffer }>(
          'SELECT case_id, wrapped_key FROM subject_keys',
        )
      ).rows.map((row) => [row.case_id, unwrapSubjectKey(MASTER_KEY, row.case_id, row.wrapped_key)]),
    );
    const { rows } = await client.query<StoredEvent>(
      'SELECT global_position, stream_id, stream_version, event_type, data FROM events ORDER BY global_position',
    );
    return rows.map((row) =>
      row.data.subject
        ? {
            ...row,
            data: {
              ...row.data,
              subject: decryptSubject(keys.get(row.stream_id), row.stream_id, row.data.subject),
            },
          }
        : row,
    );
  } finally {
    await client.end();
  }
}

/**
 * `npm run seed` as built: it renders its cases on a worker thread (a test run from the TypeScript
 * sources cannot start one), and must load what rendering them on this thread loads, event for
 * event, with every subject's personal fields readable under its own key.
 */
describe('the seed command, built', () => {
  let onThisThread: TestDatabase;
  let byTheCommand: TestDatabase;

  beforeAll(async () => {
    [onThisThread, byTheCommand] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });

  afterAll(async () => {
    await Promise.all([onThisThread?.drop(), byTheCommand?.drop()]);
  });

  it('loads on its worker thread the events one thread makes, each subject readable under its key', async () => {
    await loadSeed(
      onThisThread.url,
      planSeed({ scale: customScale(CASES), seed: SEED, asOf: Date.parse(AS_OF) }),
      undefined,
      MASTER_KEY,
      { workers: 0 },
    );
    const { stdout } = await run(
      process.execPath,
      [
        join(REPOSITORY_ROOT, 'dist', 'seeds', 'generator', 'seed.cli.js'),
        '--cases',
        String(CASES),
        '--seed',
        String(SEED),
        '--as-of',
        AS_OF,
      ],
      { cwd: REPOSITORY_ROOT, env: { ...process.env, DATABASE_URL: byTheCommand.url, LOG_LEVEL: 'warn' } },
    );
    expect(stdout).toMatch(/read models rebuilt/);

    const expected = await readableEvents(onThisThread.url);
    const loaded = await readableEvents(byTheCommand.url);
    expect(expected.length).toBeGreaterThan(CASES);
    expect(loaded).toEqual(expected);
    const subjects = loaded.filter((event) => event.data.subject);
    expect(subjects).toHaveLength(CASES);
    for (const { data } of subjects) expect(data.subject?.familyName).not.toMatch(/^enc:|\[sealed\]/);
  }, 180_000);
});
