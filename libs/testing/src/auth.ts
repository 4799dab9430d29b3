import { loadConfig } from '@casetrail/config';
import { authSettingsOf, signDevelopmentToken, type TokenClaims } from '@casetrail/auth';

/** The caller tests act as when they name no other: an officer of the offices the test rosters use. */
export const TEST_OFFICER: TokenClaims = { sub: 'officer-7', role: 'OFFICER', offices: ['WAS', 'ATL'] };

/** A token the api accepts in its default (development) configuration. */
export function testToken(claims: Partial<TokenClaims> = {}): Promise<string> {
  return signDevelopmentToken(authSettingsOf(loadConfig({})), { ...TEST_OFFICER, ...claims });
}

/** `{ Authorization: 'Bearer …' }` for `claims` (defaults: TEST_OFFICER). */
export async function bearerHeaders(claims: Partial<TokenClaims> = {}): Promise<Record<string, string>> {
  return { Authorization: `Bearer ${await testToken(claims)}` };
}

export type OfficeCaller = 'officer' | 'supervisor' | 'admin';

/**
 * Headers for the people of one office that end-to-end tests act as: an officer of its
 * non-detained unit, its supervisor, and an administrator (the roster).
 */
export async function officeCallers(officeId = 'WAS'): Promise<Record<OfficeCaller, Record<string, string>>> {
  return {
    officer: await bearerHeaders({ sub: `${officeId}-ND-001`, role: 'OFFICER', offices: [officeId] }),
    supervisor: await bearerHeaders({ sub: `${officeId}-SUP-001`, role: 'SUPERVISOR', offices: [officeId] }),
    admin: await bearerHeaders({ sub: 'admin-1', role: 'ADMIN', offices: [] }),
  };
}
