import { utcDayOf } from './case.time';

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
