import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@casetrail/database';
import { DEFAULT_CASE_POLICY } from '@casetrail/domain';
import { findStaffing } from '@casetrail/read-models';
import { createTestDatabase, type TestDatabase } from '@casetrail/testing';
import { planSeed } from './seed-generator';
import { buildReadModels, loadSeed } from './seed-load';
import type { SeedScale } from './seed-scales';

const AS_OF = Date.parse('2026-11-23T12:00:00.000Z');
/** Enough non-detained cases for Washington to need more officers than it has at the default target. */
const SCALE: SeedScale = {
  name: 'staffing',
  offices: 3,
  nonDetainedOfficersPerOffice: 2,
  detainedOfficersPerOffice: 1,
  nonDetainedCases: 6_000,
  detainedCases: 60,
};

describe('staffing of a seeded agency', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const seed = planSeed({ scale: SCALE, seed: 3, asOf: AS_OF });

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadSeed(database.url, seed);
    await buildReadModels(database.url);
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
  }, 120_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('gives Washington’s non-detained gap as the seed’s own cases and roster make it', async () => {
    const target = DEFAULT_CASE_POLICY.targetCaseloadPerOfficer.NON_DETAINED;
    let cases = 0;
    for (const { state } of seed.cases())
      if (state.opened && state.officeId === 'WAS' && state.docket === 'NON_DETAINED') cases += 1;
    const officers = seed.roster.officers.filter(
      (officer) => officer.officeId === 'WAS' && officer.unit === 'NON_DETAINED',
    ).length;
    const gap = Math.ceil(cases / target) - officers;
    expect(gap).toBeGreaterThan(0);

    const staffing = await findStaffing(
      dataSource,
      { officeId: 'WAS' },
      DEFAULT_CASE_POLICY.targetCaseloadPerOfficer,
    );
    expect(staffing.offices[0].dockets.find((row) => row.docket === 'NON_DETAINED')).toMatchObject({
      cases,
      officersOnRoster: officers,
      officersAvailable: officers,
      officersNeeded: Math.ceil(cases / target),
      gap,
    });
  });
});
