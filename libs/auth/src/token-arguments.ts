import { parseArgs } from 'node:util';
import type { TokenClaims } from './access-token';
import { ALL_ROLES, isOfficeId, isRole, isUserId } from './caller';

export const TOKEN_USAGE = [
  'usage: npm run --silent token -- --sub <userId> --role <role> [--offices <A,B>] [--expires <duration>]',
  '  --sub       the user id the token names (letters, digits, . _ @ -; at most 100)',
  `  --role      one of ${ALL_ROLES.join(', ')}`,
  '  --offices   comma-separated office codes, e.g. WAS,ATL (none for OVERSIGHT, ADMIN and POLICY_ADMIN)',
  '  --expires   how long the token is valid: a whole number and s, m, h, d or w (default 8h);',
  '              negative for a token that has already expired, e.g. -1h',
].join('\n');

/** Seconds, minutes, hours, days or weeks, signed: the forms jose's setExpirationTime reads alike. */
const DURATION = /^[+-]?\d{1,6}[smhdw]$/;
const STRING_OPTIONS = ['sub', 'role', 'offices', 'expires'] as const;

export class TokenUsageError extends Error {}

export interface TokenRequest {
  claims: TokenClaims;
  expiresIn: string;
}

/** Reads the token CLI's arguments, refusing any the api would not accept in a token. */
export function parseTokenArguments(args: readonly string[]): TokenRequest {
  let values;
  try {
    ({ values } = parseArgs({
      args: withAttachedValues(args),
      options: Object.fromEntries(STRING_OPTIONS.map((name) => [name, { type: 'string' as const }])),
    }));
  } catch (error) {
    throw new TokenUsageError(`${(error as Error).message}\n${TOKEN_USAGE}`);
  }
  const refuse = (reason: string) => new TokenUsageError(`${reason}\n${TOKEN_USAGE}`);
  const { sub, role, offices = '', expires = '8h' } = values as Partial<Record<string, string>>;
  if (!isUserId(sub)) throw refuse('--sub is required and must be a user id');
  if (!isRole(role)) throw refuse(`--role must be one of ${ALL_ROLES.join(', ')}`);
  const officeIds = offices
    .split(',')
    .map((office) => office.trim())
    .filter(Boolean);
  const invalid = officeIds.filter((office) => !isOfficeId(office));
  if (invalid.length > 0) {
    throw refuse(`--offices: not an office code: ${invalid.join(', ')} (2 to 40 of A-Z, 0-9, -)`);
  }
  if (!DURATION.test(expires)) throw refuse(`--expires: not a duration: ${expires}`);
  return { claims: { sub, role, offices: officeIds }, expiresIn: expires };
}

/**
 * `--expires -1h` as `--expires=-1h`: node's parseArgs refuses an option value that starts with a
 * dash as ambiguous. Every option here takes a value, so the argument after one is always its value.
 */
function withAttachedValues(args: readonly string[]): string[] {
  const attached: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    const takesValue = STRING_OPTIONS.some((name) => arg === `--${name}`);
    if (takesValue && index + 1 < args.length) {
      attached.push(`${arg}=${args[index + 1]}`);
      index += 1;
    } else attached.push(arg);
  }
  return attached;
}
