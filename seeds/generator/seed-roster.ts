import { seededRandom } from '../shared/random';
import { HEAVIEST_REPORTED_CASELOAD, NATIONAL_NON_DETAINED_CASES, type SeedScale } from './seed-scales';

/**
 * The field offices, heaviest non-detained load first. Washington and Atlanta carry the caseloads
 * the reports single out (10,156 and 5,337 cases on one officer), the others less.
 */
export const FIELD_OFFICES = [
  { officeId: 'WAS', name: 'Washington Field Office', load: 2.5 },
  { officeId: 'ATL', name: 'Atlanta Field Office', load: 1.35 },
  { officeId: 'SEA', name: 'Seattle Field Office', load: 0.8 },
  { officeId: 'STP', name: 'St. Paul Field Office', load: 0.7 },
  { officeId: 'NYC', name: 'New York City Field Office', load: 1.2 },
  { officeId: 'HOU', name: 'Houston Field Office', load: 1.1 },
  { officeId: 'MIA', name: 'Miami Field Office', load: 1.1 },
  { officeId: 'LOS', name: 'Los Angeles Field Office', load: 1.0 },
  { officeId: 'CHI', name: 'Chicago Field Office', load: 0.9 },
  { officeId: 'DAL', name: 'Dallas Field Office', load: 0.95 },
  { officeId: 'NOL', name: 'New Orleans Field Office', load: 0.85 },
  { officeId: 'NEW', name: 'Newark Field Office', load: 0.9 },
  { officeId: 'SFR', name: 'San Francisco Field Office', load: 0.8 },
  { officeId: 'PHO', name: 'Phoenix Field Office', load: 0.85 },
  { officeId: 'SND', name: 'San Diego Field Office', load: 0.75 },
  { officeId: 'SNA', name: 'San Antonio Field Office', load: 0.8 },
  { officeId: 'ELP', name: 'El Paso Field Office', load: 0.7 },
  { officeId: 'HLG', name: 'Harlingen Field Office', load: 0.7 },
  { officeId: 'DEN', name: 'Denver Field Office', load: 0.6 },
  { officeId: 'DET', name: 'Detroit Field Office', load: 0.6 },
  { officeId: 'BOS', name: 'Boston Field Office', load: 0.65 },
  { officeId: 'PHI', name: 'Philadelphia Field Office', load: 0.65 },
  { officeId: 'BAL', name: 'Baltimore Field Office', load: 0.7 },
  { officeId: 'SLC', name: 'Salt Lake City Field Office', load: 0.55 },
  { officeId: 'BUF', name: 'Buffalo Field Office', load: 0.5 },
] as const;

export type OfficerUnit = 'NON_DETAINED' | 'DETAINED' | 'SUPERVISOR';

export interface SeedOffice {
  officeId: string;
  name: string;
}

export interface SeedOfficer {
  officerId: string;
  officeId: string;
  /** Not a person's name: the officer's id. */
  displayName: string;
  unit: OfficerUnit;
  /** Cases assigned when opened; zero for supervisors. */
  caseload: number;
}

export interface SeedRoster {
  offices: SeedOffice[];
  officers: SeedOfficer[];
}

/**
 * The offices and officers of a scale and how many cases each officer is assigned: caseloads
 * spread ±20% around the office's load, and at national size the heaviest Washington caseload is
 * exactly the one the reports name.
 */
export function planRoster(scale: SeedScale, seed: number): SeedRoster {
  if (scale.offices < 1 || scale.offices > FIELD_OFFICES.length)
    throw new Error(`a scale has 1 to ${FIELD_OFFICES.length} offices`);
  const random = seededRandom(seed ^ 0x5eed0ff1);
  const offices = FIELD_OFFICES.slice(0, scale.offices);
  const nonDetained: SeedOfficer[] = [];
  const detained: SeedOfficer[] = [];
  const supervisors: SeedOfficer[] = [];
  const nonDetainedWeights: number[] = [];
  const detainedWeights: number[] = [];
  for (const office of offices) {
    for (let index = 1; index <= scale.nonDetainedOfficersPerOffice; index += 1) {
      nonDetained.push(officer(office.officeId, 'ND', index, 'NON_DETAINED'));
      nonDetainedWeights.push(office.load * (0.8 + 0.4 * random()));
    }
    for (let index = 1; index <= scale.detainedOfficersPerOffice; index += 1) {
      detained.push(officer(office.officeId, 'DET', index, 'DETAINED'));
      detainedWeights.push(0.8 + 0.4 * random());
    }
    supervisors.push(officer(office.officeId, 'SUP', 1, 'SUPERVISOR'));
  }

  const ndCaseloads = apportion(scale.nonDetainedCases, nonDetainedWeights);
  const pinned = Math.round(
    (HEAVIEST_REPORTED_CASELOAD * scale.nonDetainedCases) / NATIONAL_NON_DETAINED_CASES,
  );
  const average = scale.nonDetainedCases / Math.max(1, nonDetained.length);
  if (nonDetained.length > 1 && pinned > 1.5 * average) {
    // Washington's first officer carries the reported caseload; the others share the rest.
    const rest = apportion(scale.nonDetainedCases - pinned, nonDetainedWeights.slice(1));
    ndCaseloads.splice(0, ndCaseloads.length, pinned, ...rest);
  }
  ndCaseloads.forEach((caseload, index) => (nonDetained[index].caseload = caseload));
  apportion(scale.detainedCases, detainedWeights).forEach(
    (caseload, index) => (detained[index].caseload = caseload),
  );
  return {
    offices: offices.map(({ officeId, name }) => ({ officeId, name })),
    officers: [...nonDetained, ...detained, ...supervisors],
  };
}

function officer(officeId: string, code: string, index: number, unit: OfficerUnit): SeedOfficer {
  const officerId = `${officeId}-${code}-${String(index).padStart(3, '0')}`;
  return { officerId, officeId, displayName: `Officer ${officerId}`, unit, caseload: 0 };
}

/** Splits `total` in proportion to `weights`, in whole numbers that add up to `total`. */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const whole = exact.map(Math.floor);
  let left = total - whole.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((value, index) => ({ index, rest: value - whole[index] }));
  byRemainder.sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    whole[index] += 1;
    left -= 1;
  }
  return whole;
}
