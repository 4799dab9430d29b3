import type { DataSource, EntityManager } from 'typeorm';
import { GENESIS_HASH, type AuditRecord } from './audit-chain';
import { PostgresAuditTrail } from './postgres-audit-trail';

const record: AuditRecord = {
  recordedAt: '2026-11-23T10:00:00.000Z',
  userId: 'officer-1',
  role: 'OFFICER',
  method: 'GET',
  route: '/cases/:caseId',
  path: '/cases/00000000-0000-4000-8000-000000000001',
  caseId: null,
  command: null,
  sourceAddress: '127.0.0.1',
  outcome: 'ALLOWED',
  status: 200,
  correlationId: 'c-1',
};

/**
 * When the trail flushes, not what it writes (the int spec covers that): a data source whose
 * transactions are counted, with an empty chain and nothing unchained.
 */
function countingDataSource(): { db: DataSource; transactions: number[] } {
  const transactions: number[] = [];
  const manager = {
    query: (sql: string) =>
      Promise.resolve(sql.includes('FROM public.audit_chain_head') ? [{ seq: '0', hash: GENESIS_HASH }] : []),
  } as unknown as EntityManager;
  const db = {
    transaction: async (work: (manager: EntityManager) => Promise<unknown>) => {
      transactions.push(Date.now());
      return work(manager);
    },
  } as unknown as DataSource;
  return { db, transactions };
}

describe('PostgresAuditTrail flush timing', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('links the records of many commands in one chaining transaction a quarter second later', async () => {
    const { db, transactions } = countingDataSource();
    const trail = new PostgresAuditTrail(db);

    for (let command = 0; command < 50; command += 1) {
      trail.chainSoon();
      await jest.advanceTimersByTimeAsync(4);
    }
    await jest.advanceTimersByTimeAsync(250);

    expect(transactions).toEqual([250]);
  });

  it('writes a queued request record as soon as before, even while a chaining waits', async () => {
    const { db, transactions } = countingDataSource();
    const trail = new PostgresAuditTrail(db);

    trail.chainSoon();
    await jest.advanceTimersByTimeAsync(100);
    trail.record(record);
    await jest.advanceTimersByTimeAsync(20);

    expect(transactions).toEqual([120]);
  });

  it('does not let a chaining postpone a queued record', async () => {
    const { db, transactions } = countingDataSource();
    const trail = new PostgresAuditTrail(db);

    trail.record(record);
    trail.chainSoon();
    await jest.advanceTimersByTimeAsync(20);

    expect(transactions).toEqual([20]);
  });
});
