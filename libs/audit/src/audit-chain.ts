import { createHash } from 'node:crypto';

/** Who did what, when, from where, and how it ended: one audit record. */
export interface AuditRecord {
  recordedAt: string;
  /** The verified subject of the token; null when the request carried no valid token. */
  userId: string | null;
  role: string | null;
  method: string;
  /** The route pattern, e.g. /cases/:caseId/check-ins; null when no route matched. */
  route: string | null;
  /** The path without its query string. */
  path: string;
  caseId: string | null;
  /** The case command a write sent, e.g. RecordCheckIn. */
  command: string | null;
  sourceAddress: string | null;
  outcome: AuditOutcome;
  status: number;
  correlationId: string;
}

/**
 * ALLOWED: done. DENIED: no valid token, a role that may not, or something outside the caller's
 * offices (answered 404). REFUSED: any other 4xx (invalid, a rule said no). FAILED: 5xx.
 */
export type AuditOutcome = 'ALLOWED' | 'DENIED' | 'REFUSED' | 'FAILED';

export interface ChainedRecord {
  seq: number;
  /** The record's exact stored text: what the hash covers. */
  text: string;
  hash: Buffer;
}

export interface ChainHead {
  seq: number;
  hash: Buffer;
}

/** The hash of the empty chain; the migration stores the same. */
export const GENESIS_HASH = createHash('sha256').update('casetrail audit trail', 'utf8').digest();

export function chainHash(previous: Buffer, text: string): Buffer {
  return createHash('sha256').update(previous).update(text, 'utf8').digest();
}

/** Fixed key order, so a record's text is a function of its content. */
export function recordText(record: AuditRecord): string {
  return JSON.stringify({
    recordedAt: record.recordedAt,
    userId: record.userId,
    role: record.role,
    method: record.method,
    route: record.route,
    path: record.path,
    caseId: record.caseId,
    command: record.command,
    sourceAddress: record.sourceAddress,
    outcome: record.outcome,
    status: record.status,
    correlationId: record.correlationId,
  });
}

export type ChainVerdict =
  | { intact: true; records: number }
  | { intact: false; records: number; firstBrokenSeq: number; reason: string };

/**
 * Re-computes the chain from the first record, one record at a time. The first record that does
 * not follow from its predecessor is named: edited (its hash no longer matches its text), deleted
 * (a gap in the sequence), reordered (it does not chain from the record before it), or cut off at
 * the end (the head names records that are gone).
 */
export class ChainVerifier {
  private previousHash: Buffer = GENESIS_HASH;
  private expectedSeq = 1;
  private count = 0;
  private verdict?: ChainVerdict;

  /** False once the chain is broken; later records need not be read. */
  accept(record: ChainedRecord): boolean {
    if (this.verdict) return false;
    this.count += 1;
    if (record.seq !== this.expectedSeq) {
      return this.fail(
        this.expectedSeq,
        `record ${this.expectedSeq} is missing (next stored is ${record.seq})`,
      );
    }
    if (!chainHash(this.previousHash, record.text).equals(record.hash)) {
      return this.fail(record.seq, `record ${record.seq} does not match its hash or its predecessor`);
    }
    this.previousHash = record.hash;
    this.expectedSeq += 1;
    return true;
  }

  finish(head: ChainHead): ChainVerdict {
    if (this.verdict) return this.verdict;
    const lastSeq = this.expectedSeq - 1;
    if (head.seq !== lastSeq) {
      this.fail(lastSeq + 1, `the chain ends at record ${lastSeq} but its head says ${head.seq}`);
    } else if (!head.hash.equals(this.previousHash)) {
      this.fail(lastSeq, `record ${lastSeq} does not match the chain head`);
    }
    return this.verdict ?? { intact: true, records: this.count };
  }

  private fail(firstBrokenSeq: number, reason: string): false {
    this.verdict = { intact: false, records: this.count, firstBrokenSeq, reason };
    return false;
  }
}

export function verifyChain(records: Iterable<ChainedRecord>, head: ChainHead): ChainVerdict {
  const verifier = new ChainVerifier();
  for (const record of records) if (!verifier.accept(record)) break;
  return verifier.finish(head);
}
