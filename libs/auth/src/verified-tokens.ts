import type { Caller } from './caller';

interface Remembered {
  caller: Caller;
  /** Epoch milliseconds after which the token is checked again. */
  until: number;
}

/**
 * Tokens already verified, with their callers, so a client sending the same token on every request
 * pays for the signature check once a while rather than once a request. An entry is kept until the
 * token expires or `maxAgeMs` after its check, whichever comes first, so a key removed from the
 * identity provider's set stops being honoured within `maxAgeMs`. Only verified tokens are kept; the
 * oldest entry goes when `capacity` is reached.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Remembered>();

  constructor(
    private readonly capacity = 10_000,
    private readonly maxAgeMs = 60_000,
  ) {}

  callerOf(token: string, now: number): Caller | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (now < entry.until) return entry.caller;
    this.entries.delete(token);
    return undefined;
  }

  /** `expiresAt`: the token's `exp` claim, in epoch seconds. */
  remember(token: string, caller: Caller, expiresAt: number, now: number): void {
    const until = Math.min(expiresAt * 1000, now + this.maxAgeMs);
    if (until <= now) return;
    this.entries.delete(token);
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { caller, until });
  }

  get size(): number {
    return this.entries.size;
  }
}
