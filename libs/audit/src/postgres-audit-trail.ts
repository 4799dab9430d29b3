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
const MAX_BATCH = 500;
const VERIFY_PAGE = 10_000;

/**
 * The audit trail in Postgres. Records are queued and written in batches: each batch takes the
 * chain head's row lock once, chains its records and appends them in one transaction, so auditing
 * every request costs a few milliseconds per batch rather than a serialized commit per request.
 * A record is durable within about FLUSH_EVERY_MS of the response; `close` writes what is queued.
 */
export class PostgresAuditTrail {
  private readonly logger = new Logger('AuditTrail');
  private queue: AuditRecord[] = [];
  private flushing?: Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(private readonly db: DataSource) {}

  record(record: AuditRecord): void {
    this.queue.push(record);
    if (this.queue.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  /** Writes everything queued so far; resolves once it is committed. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.flushing) await this.flushing;
    if (this.queue.length === 0) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    this.flushing = this.db
      .transaction((manager) => appendChained(manager, batch))
      .catch((error: unknown) => {
        // Kept for the next flush rather than dropped: the trail must not have holes.
        this.queue.unshift(...batch);
        this.logger.error(`audit batch of ${batch.length} not written, will retry: ${(error as Error).name}`);
        this.timer ??= setTimeout(() => void this.flush(), 1_000);
      })
      .finally(() => (this.flushing = undefined));
    await this.flushing;
    if (this.queue.length > 0) await this.flush();
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

async function appendChained(manager: EntityManager, batch: AuditRecord[]): Promise<void> {
  const [head]: { seq: string; hash: Buffer }[] = await manager.query(
    'SELECT seq, hash FROM audit_chain_head FOR UPDATE',
  );
  let seq = Number(head.seq);
  let hash = head.hash;
  const seqs: number[] = [];
  const texts: string[] = [];
  const hashes: Buffer[] = [];
  for (const record of batch) {
    const text = recordText(record);
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
  await manager.query('UPDATE audit_chain_head SET seq = $1, hash = $2', [seq, hash]);
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
