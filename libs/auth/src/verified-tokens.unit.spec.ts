import type { Caller } from './caller';
import { VerifiedTokens } from './verified-tokens';

const caller: Caller = { userId: 'officer-7', role: 'OFFICER', offices: ['WAS'] };
const NOW = Date.parse('2026-12-06T08:00:00.000Z');
const inSeconds = (seconds: number) => NOW / 1000 + seconds;

describe('VerifiedTokens', () => {
  it('answers a remembered token’s caller until the token expires', () => {
    const tokens = new VerifiedTokens(10, 60_000);
    tokens.remember('t1', caller, inSeconds(30), NOW);

    expect(tokens.callerOf('t1', NOW + 29_999)).toEqual(caller);
    expect(tokens.callerOf('t1', NOW + 30_000)).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('checks a long-lived token again after the maximum age', () => {
    const tokens = new VerifiedTokens(10, 60_000);
    tokens.remember('t1', caller, inSeconds(8 * 3600), NOW);

    expect(tokens.callerOf('t1', NOW + 59_999)).toEqual(caller);
    expect(tokens.callerOf('t1', NOW + 60_000)).toBeUndefined();
  });

  it('does not remember a token that has already expired', () => {
    const tokens = new VerifiedTokens(10, 60_000);
    tokens.remember('t1', caller, inSeconds(0), NOW);

    expect(tokens.callerOf('t1', NOW)).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('answers nothing for a token it never verified', () => {
    const tokens = new VerifiedTokens(10, 60_000);
    tokens.remember('t1', caller, inSeconds(30), NOW);

    expect(tokens.callerOf('t2', NOW)).toBeUndefined();
  });

  it('forgets the oldest token when full', () => {
    const tokens = new VerifiedTokens(2, 60_000);
    tokens.remember('t1', caller, inSeconds(30), NOW);
    tokens.remember('t2', caller, inSeconds(30), NOW);
    tokens.remember('t3', caller, inSeconds(30), NOW);

    expect(tokens.size).toBe(2);
    expect(tokens.callerOf('t1', NOW)).toBeUndefined();
    expect(tokens.callerOf('t2', NOW)).toEqual(caller);
    expect(tokens.callerOf('t3', NOW)).toEqual(caller);
  });
});
