import {
  chainHash,
  GENESIS_HASH,
  recordText,
  verifyChain,
  type AuditRecord,
  type ChainedRecord,
} from './audit-chain';

const record = (n: number): AuditRecord => ({
  recordedAt: `2026-11-23T10:00:${String(n).padStart(2, '0')}.000Z`,
  userId: `officer-${n}`,
  role: 'OFFICER',
  method: 'GET',
  route: '/cases/:caseId',
  path: `/cases/00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
  caseId: null,
  command: null,
  sourceAddress: '127.0.0.1',
  outcome: 'ALLOWED',
  status: 200,
  correlationId: `c-${n}`,
});

/** Given a chain of `count` records as the trail writes them. */
function chainOf(count: number): { records: ChainedRecord[]; head: { seq: number; hash: Buffer } } {
  const records: ChainedRecord[] = [];
  let hash: Buffer = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq += 1) {
    const text = recordText(record(seq));
    hash = chainHash(hash, text);
    records.push({ seq, text, hash });
  }
  return { records, head: { seq: count, hash } };
}

describe('verifyChain', () => {
  it('finds an untouched chain intact', () => {
    const { records, head } = chainOf(10);
    expect(verifyChain(records, head)).toEqual({ intact: true, records: 10 });
  });

  it('finds the empty chain intact', () => {
    expect(verifyChain([], { seq: 0, hash: GENESIS_HASH })).toEqual({ intact: true, records: 0 });
  });

  it.each([1, 5, 10])('names record %i when its text was edited', (seq) => {
    const { records, head } = chainOf(10);
    const edited = records.map((r) =>
      r.seq === seq ? { ...r, text: r.text.replace('"ALLOWED"', '"DENIED"') } : r,
    );
    expect(verifyChain(edited, head)).toMatchObject({ intact: false, firstBrokenSeq: seq });
  });

  it('names the record after one that was edited with a re-computed hash', () => {
    const { records, head } = chainOf(10);
    const forged = records.map((r) => {
      if (r.seq !== 4) return r;
      const text = r.text.replace('officer-4', 'officer-9');
      return { ...r, text, hash: chainHash(records[2].hash, text) };
    });
    expect(verifyChain(forged, head)).toMatchObject({ intact: false, firstBrokenSeq: 5 });
  });

  it.each([1, 6])('names record %i when it was deleted', (seq) => {
    const { records, head } = chainOf(10);
    expect(
      verifyChain(
        records.filter((r) => r.seq !== seq),
        head,
      ),
    ).toMatchObject({
      intact: false,
      firstBrokenSeq: seq,
    });
  });

  it('names the first of two records whose places were swapped', () => {
    const { records, head } = chainOf(10);
    const swapped = records.map((r) => {
      if (r.seq === 3) return { ...records[6], seq: 3 };
      if (r.seq === 7) return { ...records[2], seq: 7 };
      return r;
    });
    expect(verifyChain(swapped, head)).toMatchObject({ intact: false, firstBrokenSeq: 3 });
  });

  it('names the first missing record when the newest ones were cut off', () => {
    const { records, head } = chainOf(10);
    expect(verifyChain(records.slice(0, 8), head)).toMatchObject({ intact: false, firstBrokenSeq: 9 });
  });
});
