import fc from 'fast-check';
import { addMs, canonicalInstant, epochMsOf, isoOf, utcDayOf } from './case.time';

/** Years 0001 to 9999 and a little beyond either end, where isoOf hands over to Date. */
const anyEpochMs = fc.integer({ min: Date.UTC(1, 0, 1) - 10 * 86_400_000, max: Date.UTC(10_000, 0, 31) });

/** Texts shaped like toISOString's, each field anywhere in its digits' range: impossible dates too. */
const isoShapedText = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 19 }),
    fc.integer({ min: 0, max: 39 }),
    fc.integer({ min: 0, max: 29 }),
    fc.integer({ min: 0, max: 69 }),
    fc.integer({ min: 0, max: 69 }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([year, month, day, hour, minute, second, ms]) => {
    const pad = (value: number, width: number) => String(value).padStart(width, '0');
    return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(ms, 3)}Z`;
  });

/** What canonicalInstant answered when it always went through Date. */
function canonicalByDate(iso: string): string {
  return new Date(Date.parse(iso)).toISOString();
}

function outcomeOf<T>(run: () => T): { value: T } | { error: string } {
  try {
    return { value: run() };
  } catch (error) {
    return { error: (error as Error).name };
  }
}

describe('instants', () => {
  it('spells every instant as toISOString does', () => {
    fc.assert(
      fc.property(anyEpochMs, (ms) => {
        expect(isoOf(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads every canonical spelling back to the same millisecond', () => {
    fc.assert(
      fc.property(anyEpochMs, (ms) => {
        expect(epochMsOf(new Date(ms).toISOString())).toBe(ms);
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads any text shaped like an instant as Date.parse does, impossible dates and NaN included', () => {
    fc.assert(
      fc.property(isoShapedText, (text) => {
        expect(epochMsOf(text)).toBe(Date.parse(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('spells any text shaped like an instant as it did through Date, a RangeError included', () => {
    fc.assert(
      fc.property(isoShapedText, (text) => {
        expect(outcomeOf(() => canonicalInstant(text))).toEqual(outcomeOf(() => canonicalByDate(text)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads other spellings of an instant through Date', () => {
    for (const text of [
      '2026-11-30T23:30:00-05:00',
      '2026-11-30T23:30:00Z',
      '2026-11-30',
      '2026-11-3xT0a:00:00.000Z',
      'not a time',
      '',
    ])
      expect(epochMsOf(text)).toBe(Date.parse(text));
    expect(canonicalInstant('2026-11-30T23:30:00-05:00')).toBe('2026-12-01T04:30:00.000Z');
  });

  it('adds milliseconds across days, months, leap days and years', () => {
    expect(addMs('2024-02-28T23:59:59.999Z', 1)).toBe('2024-02-29T00:00:00.000Z');
    expect(addMs('2025-12-31T23:00:00.000Z', 3_600_000)).toBe('2026-01-01T00:00:00.000Z');
    expect(addMs('2026-03-01T00:00:00.000Z', -1)).toBe('2026-02-28T23:59:59.999Z');
    expect(() => addMs('not a time', 1)).toThrow(RangeError);
  });
});

describe('utcDayOf', () => {
  it('reads the day of a canonical instant', () => {
    expect(utcDayOf('2026-11-30T23:59:59.999Z')).toBe('2026-11-30');
  });

  it('moves an instant with an offset to its UTC day', () => {
    expect(utcDayOf('2026-11-30T23:30:00-05:00')).toBe('2026-12-01');
    expect(utcDayOf('2026-12-01T01:30:00.000+02:00')).toBe('2026-11-30');
  });

  it('reads an instant spelled without milliseconds', () => {
    expect(utcDayOf('2026-11-30T23:30:00Z')).toBe('2026-11-30');
  });
});
