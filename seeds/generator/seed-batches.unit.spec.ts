import { decryptSubject, isEncrypted, unwrapSubjectKey } from '@casetrail/case-commands';
import type { SubjectIdentity } from '@casetrail/domain';
import { renderSeedBatch } from './seed-batches';
import { planSeed } from './seed-generator';

const MASTER_KEY = Buffer.alloc(32, 3);
const seed = planSeed({
  scale: {
    name: 'test',
    offices: 2,
    nonDetainedOfficersPerOffice: 1,
    detainedOfficersPerOffice: 1,
    nonDetainedCases: 60,
    detainedCases: 20,
  },
  seed: 5,
  asOf: Date.parse('2026-11-23T12:00:00.000Z'),
});

/** COPY text rows back to their columns, `\\` unescaped as Postgres reads it. */
function columns(text: string): string[][] {
  return text
    .split('\n')
    .filter((row) => row !== '')
    .map((row) => row.split('\t').map((column) => column.replace(/\\\\/g, '\\')));
}

describe('a rendered batch of seed cases', () => {
  const histories = [...seed.cases({ from: 10, to: 70 })];
  const batch = renderSeedBatch(histories, MASTER_KEY);

  it('holds every event of its cases in order, each case once in the streams rows', () => {
    const events = columns(batch.eventRows);
    expect(events.map(([eventId]) => eventId)).toEqual(
      histories.flatMap((history) => history.events.map((event) => event.eventId)),
    );
    expect(columns(batch.streamRows).map(([caseId, , version]) => [caseId, Number(version)])).toEqual(
      histories.map((history) => [history.caseId, history.events.length]),
    );
    expect({ streams: batch.streams, events: batch.events }).toEqual({
      streams: histories.length,
      events: events.length,
    });
  });

  it('encrypts each subject under a key of its own, wrapped for its case beside the events', () => {
    const keys = new Map(
      columns(batch.companionRows[0]).map(([caseId, wrapped]) => [
        caseId,
        unwrapSubjectKey(MASTER_KEY, caseId, Buffer.from(wrapped.replace(/^\\x/, ''), 'hex')),
      ]),
    );
    const opened = columns(batch.eventRows).filter(([, , , type]) => type === 'CaseOpened');
    expect(opened).toHaveLength(histories.length);
    for (const [index, [, caseId, , , , data]] of opened.entries()) {
      const { subject } = JSON.parse(data) as { subject: SubjectIdentity };
      expect(isEncrypted(subject.aNumber)).toBe(true);
      expect(decryptSubject(keys.get(caseId), caseId, subject)).toEqual(
        (histories[index].events[0].data as { subject: SubjectIdentity }).subject,
      );
    }
    expect(new Set([...keys.values()].map((key) => key.toString('hex'))).size).toBe(histories.length);
  });

  it('counts its cases by the office and docket their histories leave them on', () => {
    const expected: Record<string, Record<string, number>> = {};
    for (const { state } of histories) {
      if (!state.opened) continue;
      expected[state.officeId] ??= {};
      expected[state.officeId][state.docket] = (expected[state.officeId][state.docket] ?? 0) + 1;
    }
    expect(batch.docketsByOffice).toEqual(expected);
  });
});
