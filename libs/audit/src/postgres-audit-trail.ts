import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import {
  chainHash,
  ChainVerifier,
  recordText,
  type AuditOutcome,
  type AuditRecord,
  type ChainHead,
  type ChainVerdict,
} from './audit-chain';

export interface AuditFilter {
  userId?: string;
  caseId?: string;
  outcome?: AuditOutcome;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export interface StoredAuditRecord extends AuditRecord {
  seq: number;
  hash: string;
}

const FLUSH_EVERY_MS = 20;
/**
 * Records commands wrote are durable already; chaining only links them. Under load a chaining
 * transaction (six statements and a commit) every 20 ms cost the api and Postgres about as much as
 * the commands' own reads and appends; one every quarter second links the same records.
 */
const CHAIN_EVERY_MS = 250;
const MAX_BATCH = 500;
const VERIFY_PAGE = 10_000;

/** Records written unchained by commands, chained per flush at most this many at a time. */
const CHAIN_BATCH = 2_000;
/** When records are left unchained behind a transaction still running, look again this much later. */
const CHAIN_RETRY_MS = 200;

/**
 * The audit trail in Postgres. Records are queued and written in batches: each batch takes the
 * chain head's row lock once, chains its records and appends them in one transaction, so auditing
 * every request costs a few milliseconds per batch rather than a serialized commit per request.
 * A queued record is durable within about FLUSH_EVERY_MS of the response; `close` writes what is
 * queued. An acknowledged command's record is not queued: the command writes it, unchained, in its
 * own transaction (public.audit_unchained), and each batch first chains those, in commit order.
 */
export class PostgresAuditTrail {
  private readonly logger = new Logger('AuditTrail');
  private queue: AuditRecord[] = [];
  private flushing?: Promise<void>;
  private timer?: NodeJS.Timeout;
  /** When the pending timer fires (epoch ms): a sooner flush replaces it, a later one waits for it. */
  private timerDueAt = Infinity;
  /** The last batch left records unchained behind a transaction still running. */
  private unchainedLeft = false;

  constructor(private readonly db: DataSource) {}

  record(record: AuditRecord): void {
    this.queue.push(record);
    if (this.queue.length >= MAX_BATCH) void this.flush();
    else this.flushSoon(FLUSH_EVERY_MS);
  }

  /** A command wrote its record unchained: link it into the chain with the next batch. */
  chainSoon(): void {
    this.flushSoon(CHAIN_EVERY_MS);
  }

  /** Nest calls this at start-up: records a stopped (or killed) api left unchained are chained. */
  onApplicationBootstrap(): void {
    this.chainSoon();
  }

  /** Chains what commands wrote and writes everything queued so far; resolves once committed. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueAt = Infinity;
    while (this.flushing) await this.flushing;
    const batch = this.queue.splice(0, MAX_BATCH);
    this.flushing = this.db
      .transaction((manager) => appendChained(manager, batch))
      .then(({ unchainedLeft }) => {
        this.unchainedLeft = unchainedLeft;
        if (unchainedLeft) this.flushSoon(CHAIN_RETRY_MS);
      })
      .catch((error: unknown) => {
        // Kept for the next flush rather than dropped: the trail must not have holes.
        this.queue.unshift(...batch);
        this.logger.error(`audit batch of ${batch.length} not written, will retry: ${(error as Error).name}`);
        this.flushSoon(1_000);
      })
      .finally(() => (this.flushing = undefined));
    await this.flushing;
    if (this.queue.length > 0) await this.flush();
  }

  /**
   * `flush`, and again while commands' records wait behind a transaction still running (in any
   * database of the server: transaction ids are server-wide), for at most `maxWaitMs`: for readers
   * of the trail who must see what was answered a moment ago.
   */
  async flushChained(maxWaitMs = 2_000): Promise<void> {
    const deadline = Date.now() + maxWaitMs;
    await this.flush();
    while (this.unchainedLeft && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, FLUSH_EVERY_MS));
      await this.flush();
    }
  }

  private flushSoon(delayMs: number): void {
    const dueAt = Date.now() + delayMs;
    if (dueAt >= this.timerDueAt) return;
    clearTimeout(this.timer);
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => void this.flush(), delayMs);
  }

  async close(): Promise<void> {
    await this.flush();
    clearTimeout(this.timer);
  }

  /** Nest calls this before it closes the database connection. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async find(filter: AuditFilter): Promise<StoredAuditRecord[]> {
    const rows: { seq: string; record: string; hash: Buffer }[] = await this.db.query(
      `SELECT seq, record, hash FROM audit_log
       WHERE ($1::text IS NULL OR (record::jsonb) ->> 'userId' = $1)
         AND ($2::text IS NULL OR (record::jsonb) ->> 'caseId' = $2)
         AND ($3::text IS NULL OR (record::jsonb) ->> 'outcome' = $3)
         AND ($4::timestamptz IS NULL OR ((record::jsonb) ->> 'recordedAt')::timestamptz >= $4)
         AND ($5::timestamptz IS NULL OR ((record::jsonb) ->> 'recordedAt')::timestamptz < $5)
       ORDER BY seq DESC
       LIMIT $6 OFFSET $7`,
      [
        filter.userId ?? null,
        filter.caseId ?? null,
        filter.outcome ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.limit,
        filter.offset,
      ],
    );
    return rows.map((row) => ({
      seq: Number(row.seq),
      hash: row.hash.toString('hex'),
      ...(JSON.parse(row.record) as AuditRecord),
    }));
  }

  /** Re-computes the whole chain, a page at a time, and names the first broken record. */
  async verify(): Promise<ChainVerdict> {
    return verifyAuditChain(this.db);
  }
}

/**
 * Under the chain head's lock: the records commands wrote, in commit order, then `batch`, chained
 * and appended. Commit order is transaction id order below the oldest running transaction (as the
 * event store's global read): a record of a transaction still running is left for a later flush
 * (`unchainedLeft`), so none chained later can belong before one chained now.
 */
async function appendChained(
  manager: EntityManager,
  batch: AuditRecord[],
): Promise<{ unchainedLeft: boolean }> {
  const [head]: { seq: string; hash: Buffer }[] = await manager.query(
    'SELECT seq, hash FROM public.audit_chain_head FOR UPDATE',
  );
  const unchained: { id: string; record: string; settled: boolean }[] = await manager.query(
    `SELECT id, record, transaction_id < pg_snapshot_xmin(pg_current_snapshot()) AS settled
     FROM public.audit_unchained ORDER BY transaction_id, id LIMIT $1`,
    [CHAIN_BATCH],
  );
  const settled = unchained.filter((row) => row.settled);
  const unchainedLeft = unchained.length === CHAIN_BATCH || settled.length < unchained.length;
  if (settled.length > 0) {
    await manager.query('DELETE FROM public.audit_unchained WHERE id = ANY($1::bigint[])', [
      settled.map((row) => row.id),
    ]);
  }
  let seq = Number(head.seq);
  let hash = head.hash;
  const seqs: number[] = [];
  const texts: string[] = [];
  const hashes: Buffer[] = [];
  for (const text of [...settled.map((row) => row.record), ...batch.map(recordText)]) {
    seq += 1;
    hash = chainHash(hash, text);
    seqs.push(seq);
    texts.push(text);
    hashes.push(hash);
  }
  await manager.query(
    `INSERT INTO audit_log (seq, record, hash)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::bytea[])`,
    [seqs, texts, hashes],
  );
  if (seqs.length > 0) await manager.query('UPDATE audit_chain_head SET seq = $1, hash = $2', [seq, hash]);
  return { unchainedLeft };
}

/** Records commands wrote that are not chained yet: in the trail, but not yet covered by the chain. */
export async function countUnchained(db: DataSource): Promise<number> {
  const [row]: { count: string }[] = await db.query('SELECT count(*) AS count FROM public.audit_unchained');
  return Number(row.count);
}

export async function verifyAuditChain(db: DataSource): Promise<ChainVerdict> {
  // One snapshot for the head and every page, so records appended meanwhile do not count.
  return db.transaction('REPEATABLE READ', verifyAuditChainWithin);
}

/** Verifies the chain as `manager`'s transaction sees it, a page at a time. */
export async function verifyAuditChainWithin(manager: EntityManager): Promise<ChainVerdict> {
  const [head]: { seq: string; hash: Buffer }[] = await manager.query(
    'SELECT seq, hash FROM audit_chain_head',
  );
  const verifier = new ChainVerifier();
  let after = 0;
  let intact = true;
  while (intact) {
    const rows: { seq: string; record: string; hash: Buffer }[] = await manager.query(
      'SELECT seq, record, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2',
      [after, VERIFY_PAGE],
    );
    for (const row of rows) {
      intact = verifier.accept({ seq: Number(row.seq), text: row.record, hash: row.hash });
      if (!intact) break;
    }
    if (rows.length < VERIFY_PAGE) break;
    after = Number(rows[rows.length - 1].seq);
  }
  const chainHead: ChainHead = { seq: Number(head.seq), hash: head.hash };
  return verifier.finish(chainHead);
}
