import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  bearerHeaders,
  prepareSystem,
  startAppProcess,
  type AppProcess,
  type TestDatabase,
} from '@casetrail/testing';

const ROOT = join(__dirname, '..');

/** `npm run audit:verify` as an operator runs it, against what the running api wrote. */
describe('audit:verify', () => {
  let database: TestDatabase;
  let api: AppProcess;

  beforeAll(async () => {
    let env: Record<string, string>;
    let baseUrl: string;
    ({ database, baseUrl, env } = await prepareSystem());
    api = await startAppProcess('api', env);
    const headers = await bearerHeaders({ sub: 'oversight-1', role: 'OVERSIGHT', offices: [] });
    for (const path of [
      '/alerts',
      '/caseloads/offices',
      '/oversight/detainers',
      '/cases/8d8f7b5e-0000-4000-8000-000000000000',
    ]) {
      await fetch(`${baseUrl}${path}`, { headers });
    }
    await fetch(`${baseUrl}/alerts`);
    // Records are written within a moment of each response; reading the trail waits for them.
    await fetch(`${baseUrl}/oversight/audit`, { headers });
  }, 60_000);

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  const verify = () =>
    spawnSync(process.execPath, [join(ROOT, 'dist', 'libs', 'audit', 'src', 'audit-verify.cli.js')], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: database.url },
      encoding: 'utf8',
    });

  it('reports an untouched trail intact', () => {
    const result = verify();
    expect(result.stdout).toMatch(/^audit trail intact: [6-9] records\n$/);
    expect(result.status).toBe(0);
  });

  it('exits 1 and names the record someone edited behind the trigger', async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    let seq: string;
    try {
      ({
        rows: [{ seq }],
      } = await client.query<{ seq: string }>(
        `SELECT seq FROM audit_log WHERE record LIKE '%"userId":null%'`,
      ));
      await client.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      // The request without a token, made to look like oversight's.
      await client.query(
        `UPDATE audit_log SET record = replace(record, '"userId":null', '"userId":"oversight-1"') WHERE seq = $1`,
        [seq],
      );
    } finally {
      await client.end();
    }
    const result = verify();
    expect(result.stdout).toMatch(new RegExp(`^audit trail BROKEN at record ${seq}: `));
    expect(result.status).toBe(1);
  });
});
