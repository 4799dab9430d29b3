import type { Actor, Role } from '@casetrail/domain';

/** Keyed by role so the compiler insists every role of the domain is listed. */
const ROLES: Record<Role, true> = {
  OFFICER: true,
  SUPERVISOR: true,
  OVERSIGHT: true,
  ADMIN: true,
  POLICY_ADMIN: true,
};

export const ALL_ROLES = Object.keys(ROLES) as Role[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && Object.hasOwn(ROLES, value);
}

/**
 * A field office's code (`WAS`, `ATL`, `NYC-HARBOR`): the one limit the roster, the tokens'
 * `offices` claim and the token CLI all apply, so no office exists that no token can name.
 */
export const OFFICE_ID = /^[A-Z0-9][A-Z0-9-]{1,39}$/;
/** A token's subject: a user id. */
export const USER_ID = /^[A-Za-z0-9._@-]{1,100}$/;

export const isOfficeId = (value: unknown): value is string =>
  typeof value === 'string' && OFFICE_ID.test(value);
export const isUserId = (value: unknown): value is string => typeof value === 'string' && USER_ID.test(value);

/** A verified caller: who (the token's subject), their role, and the field offices they work in. */
export interface Caller extends Actor {
  offices: readonly string[];
}

/** OVERSIGHT reads every office; everyone else only the offices their token names. */
export function mayAccessOffice(caller: Caller, officeId: string): boolean {
  return caller.role === 'OVERSIGHT' || caller.offices.includes(officeId);
}

/** The offices a caller's queries are limited to; undefined means every office. */
export function officeScopeOf(caller: Caller): readonly string[] | undefined {
  return caller.role === 'OVERSIGHT' ? undefined : caller.offices;
}

/**
 * The caller asked about an office, officer or case outside the offices they work in. It answers
 * 404, exactly as if it did not exist, so nobody learns what other offices hold; the audit trail
 * records it as denied.
 */
export class OutsideCallerOffices extends Error {
  constructor(readonly what: 'CASE' | 'OFFICE' | 'OFFICER') {
    super(`${what.toLowerCase()} outside the caller's offices`);
    this.name = 'OutsideCallerOffices';
  }
}
