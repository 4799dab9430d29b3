/**
 * How much data a seed makes. Shapes follow the DHS Inspector General reports: non-detained
 * officers carry thousands of cases each (one Washington officer carried 10,156), detained officers
 * about 100; 2.2 million people were supervised out of detention.
 */
export interface SeedScale {
  name: string;
  /** How many field offices, taken in order from FIELD_OFFICES (Washington first). */
  offices: number;
  nonDetainedOfficersPerOffice: number;
  detainedOfficersPerOffice: number;
  /** Cases on the non-detained docket (most enrolled without detention), on non-detained officers. */
  nonDetainedCases: number;
  /** Cases of detained-unit officers: in detention, some removed. */
  detainedCases: number;
}

export const NATIONAL_NON_DETAINED_CASES = 2_200_000;
/** The heaviest caseload the reports name: a Washington non-detained officer. */
export const HEAVIEST_REPORTED_CASELOAD = 10_156;

export const SEED_SCALES = {
  /** What `npm start` shows: four offices, caseloads small enough to read. */
  demo: {
    name: 'demo',
    offices: 4,
    nonDetainedOfficersPerOffice: 2,
    detainedOfficersPerOffice: 1,
    nonDetainedCases: 800,
    detainedCases: 40,
  },
  /** Seconds to generate and load: tests and CI. */
  smoke: {
    name: 'smoke',
    offices: 4,
    nonDetainedOfficersPerOffice: 1,
    detainedOfficersPerOffice: 1,
    nonDetainedCases: 4_000,
    detainedCases: 200,
  },
  /** About a million events. */
  standard: {
    name: 'standard',
    offices: 12,
    nonDetainedOfficersPerOffice: 5,
    detainedOfficersPerOffice: 3,
    nonDetainedCases: 220_000,
    detainedCases: 4_000,
  },
  /** The whole supervised population: 2.2 million non-detained cases, about 8 million events. */
  national: {
    name: 'national',
    offices: 24,
    nonDetainedOfficersPerOffice: 23,
    detainedOfficersPerOffice: 17,
    nonDetainedCases: NATIONAL_NON_DETAINED_CASES,
    detainedCases: 40_000,
  },
} as const satisfies Record<string, SeedScale>;

export type SeedScaleName = keyof typeof SEED_SCALES;

/** A scale of about `cases` cases in the national proportions (caseloads in thousands and ~100). */
export function customScale(cases: number): SeedScale {
  if (!Number.isInteger(cases) || cases < 10) throw new Error('a custom scale needs at least 10 cases');
  const detainedCases = Math.max(1, Math.round(cases * 0.018));
  const nonDetainedCases = cases - detainedCases;
  const offices = Math.min(24, Math.max(1, Math.round(nonDetainedCases / 4_000)));
  return {
    name: `custom-${cases}`,
    offices,
    nonDetainedOfficersPerOffice: Math.max(1, Math.round(nonDetainedCases / 4_000 / offices)),
    detainedOfficersPerOffice: Math.max(1, Math.round(detainedCases / 100 / offices)),
    nonDetainedCases,
    detainedCases,
  };
}

export function seedScale(name: string): SeedScale {
  if (name in SEED_SCALES) return SEED_SCALES[name as SeedScaleName];
  throw new Error(`unknown scale ${name}: use ${Object.keys(SEED_SCALES).join(', ')} or --cases N`);
}
