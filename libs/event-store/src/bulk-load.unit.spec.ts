import { copyText, eventRows } from './bulk-load';

describe('COPY rows of the bulk load', () => {
  it('escape what COPY text would read as a separator or an escape, and nothing else', () => {
    expect(copyText('plain text, "quoted"')).toBe('plain text, "quoted"');
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  });

  it('number a stream’s events from 1 and keep JSON escapes intact', () => {
    const rows = eventRows({
      streamId: '00000000-ca5e-4000-8000-000000000001',
      streamType: 'case',
      events: ['first', 'second'].map((note, index) => ({
        eventId: `00000000-e7e7-4000-8000-00000000000${index}`,
        type: 'CheckInRecorded',
        schemaVersion: 1,
        data: { note: `${note}\nline "two" \\ end` },
        metadata: { actor: { userId: 'WAS-ND-001', role: 'OFFICER' }, correlationId: 'c', causationId: null },
        occurredAt: '2026-11-23T12:00:00.000Z',
        recordedAt: '2026-11-23T12:00:01.000Z',
      })),
    });
    const columns = rows.map((row) => row.replace(/\n$/, '').split('\t'));
    expect(columns.map((row) => row[2])).toEqual(['1', '2']);
    expect(columns[0]).toHaveLength(9);
    // COPY turns '\\' back into '\': what Postgres parses is JSON.stringify's own text.
    expect(columns[0][5].replace(/\\\\/g, '\\')).toBe(JSON.stringify({ note: 'first\nline "two" \\ end' }));
  });
});
