import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@casetrail/database';
import { createTestDatabase, type TestDatabase } from '@casetrail/testing';
import { recordText, type AuditRecord } from './audit-chain';
import {
  countUnchained,
  PostgresAuditTrail,
  verifyAuditChain,
  verifyAuditChainWithin,
} from './postgres-audit-trail';

const record = (n: number): AuditRecord => ({
  recordedAt: new Date(Date.UTC(2026, 10, 23, 10, 0, n)).toISOString(),
  userId: `officer-${n}`,
  role: 'OFFICER',
  method: 'POST',
  route: '/cases/:caseId/check-ins',
  path: '/cases/6f1c1c8e-8f4e-4a43-9d4f-1d3a4a0b7a11/check-ins',
  caseId: '6f1c1c8e-8f4e-4a43-9d4f-1d3a4a0b7a11',
  command: 'RecordCheckIn',
  sourceAddress: '127.0.0.1',
  outcome: 'ALLOWED',
  status: 201,
  correlationId: `c-${n}`,
});

/**
 * Someone with the database's owner rights goes around the append-only trigger; the chain must
 * still name exactly the record they touched.
 */
describe('the audit trail in Postgres', () => {
  let database: TestDatabase;
  let db: DataSource;
  let trail: PostgresAuditTrail;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await new DataSource(dataSourceOptions(database.url)).initialize();
    trail = new PostgresAuditTrail(db);
    // Concurrent writers, several batches: the chain is one line all the same.
    for (let n = 1; n <= 30; n += 1) trail.record(record(n));
    await trail.flush();
    await Promise.all([31, 32, 33].map(async (n) => trail.record(record(n))));
    await trail.close();
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  /** Tampers inside a transaction that is rolled back, so each case starts from the intact chain. */
  async function verdictAfter(tamper: string): Promise<unknown> {
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await runner.query(tamper);
      return await verifyAuditChainWithin(runner.manager);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  it('keeps every record in one intact chain', async () => {
    expect(await verifyAuditChain(db)).toEqual({ intact: true, records: 33 });
  });

  it('names an edited record', async () => {
    expect(
      await verdictAfter(
        `UPDATE audit_log SET record = replace(record, '"ALLOWED"', '"DENIED"') WHERE seq = 12`,
      ),
    ).toMatchObject({ intact: false, firstBrokenSeq: 12 });
  });

  it('names a deleted record', async () => {
    expect(await verdictAfter('DELETE FROM audit_log WHERE seq = 20')).toMatchObject({
      intact: false,
      firstBrokenSeq: 20,
    });
  });

  it('names the first of two reordered records', async () => {
    expect(
      await verdictAfter(
        `UPDATE audit_log a SET record = b.record, hash = b.hash FROM audit_log b
         WHERE (a.seq, b.seq) IN ((7, 8), (8, 7))`,
      ),
    ).toMatchObject({ intact: false, firstBrokenSeq: 7 });
  });

  it('names the first of the newest records when they were deleted', async () => {
    expect(await verdictAfter('DELETE FROM audit_log WHERE seq > 31')).toMatchObject({
      intact: false,
      firstBrokenSeq: 32,
    });
  });

  describe('with records that commands wrote unchained', () => {
    it('chains none behind a transaction still running, then all in transaction order', async () => {
      const running = db.createQueryRunner();
      await running.connect();
      await running.startTransaction();
      await running.query('INSERT INTO audit_unchained (record) VALUES ($1)', [recordText(record(41))]);
      await db.query('INSERT INTO audit_unchained (record) VALUES ($1)', [recordText(record(42))]);

      await trail.flush();
      // 42 committed, but after a transaction that may still commit a record before it.
      expect(await chainedCorrelations()).not.toContain('c-42');
      expect(await countUnchained(db)).toBe(1);

      await running.commitTransaction();
      await running.release();
      // Transactions of other databases on the server hold the horizon too: wait them out.
      await trail.flushChained(10_000);
      expect((await chainedCorrelations()).slice(-2)).toEqual(['c-41', 'c-42']);
      expect(await countUnchained(db)).toBe(0);
      expect(await verifyAuditChain(db)).toMatchObject({ intact: true });
    });

    const chainedCorrelations = async (): Promise<string[]> => {
      const rows: { record: string }[] = await db.query('SELECT record FROM audit_log ORDER BY seq');
      return rows.map((row) => (JSON.parse(row.record) as AuditRecord).correlationId);
    };
  });
});
