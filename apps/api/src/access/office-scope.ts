import { mayAccessOffice, officeScopeOf, OutsideCallerOffices, type Caller } from '@casetrail/auth';

export interface OfficeFilter {
  officeId?: string;
  /** The offices the caller may see; undefined for every office. */
  offices?: readonly string[];
}

/**
 * The office filter of a read: the office asked for, if the caller may see it (404 otherwise), and
 * always limited to the caller's offices.
 */
export function officeFilterFor(caller: Caller, requestedOfficeId: string | undefined): OfficeFilter {
  if (requestedOfficeId !== undefined && !mayAccessOffice(caller, requestedOfficeId)) {
    throw new OutsideCallerOffices('OFFICE');
  }
  return { officeId: requestedOfficeId, offices: officeScopeOf(caller) };
}
