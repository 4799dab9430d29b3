import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '@casetrail/case-commands';
import { RosterViolation } from './roster.errors';
import {
  OFFICE_SCOPE_CONDITION,
  officeScopeParameters,
  type OfficeScopedFilter,
} from '@casetrail/read-models';

export const OFFICER_UNITS = ['DETAINED', 'NON_DETAINED'] as const;
export type OfficerUnit = (typeof OFFICER_UNITS)[number];

export interface Office {
  officeId: string;
  name: string;
}

export interface Officer {
  officerId: string;
  officeId: string;
  displayName: string;
  unit: OfficerUnit;
}

/** Offices and the officers on their rosters: who cases may be assigned to. */
@Injectable()
export class RosterRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async addOffice(office: Office): Promise<void> {
    await this.db
      .query('INSERT INTO offices (office_id, name) VALUES ($1, $2)', [office.officeId, office.name])
      .catch(rethrowUnique('ROSTER.OFFICE_EXISTS'));
  }

  async addOfficer(officer: Officer): Promise<void> {
    if (!(await this.officeExists(officer.officeId))) throw new RosterViolation('ROSTER.OFFICE_NOT_FOUND');
    await this.db
      .query('INSERT INTO officers (officer_id, office_id, display_name, unit) VALUES ($1, $2, $3, $4)', [
        officer.officerId,
        officer.officeId,
        officer.displayName,
        officer.unit,
      ])
      .catch(rethrowUnique('ROSTER.OFFICER_EXISTS'));
  }

  async officers(filter: OfficeScopedFilter & { limit: number; offset: number }): Promise<Officer[]> {
    const rows: { officer_id: string; office_id: string; display_name: string; unit: OfficerUnit }[] =
      await this.db.query(
        `SELECT officer_id, office_id, display_name, unit FROM officers
       WHERE ${OFFICE_SCOPE_CONDITION} ORDER BY office_id, officer_id LIMIT $3 OFFSET $4`,
        [...officeScopeParameters(filter), filter.limit, filter.offset],
      );
    return rows.map((row) => ({
      officerId: row.officer_id,
      officeId: row.office_id,
      displayName: row.display_name,
      unit: row.unit,
    }));
  }

  /** The office an officer is on the roster of; undefined for an unknown officer. */
  async officeOfOfficer(officerId: string): Promise<string | undefined> {
    const rows: { office_id: string }[] = await this.db.query(
      'SELECT office_id FROM officers WHERE officer_id = $1',
      [officerId],
    );
    return rows.at(0)?.office_id;
  }

  /** @throws RosterViolation unless the officer is on the office's roster. */
  async assertOfficerInOffice(officeId: string, officerId: string): Promise<void> {
    const rows: unknown[] = await this.db.query(
      'SELECT 1 FROM officers WHERE officer_id = $1 AND office_id = $2',
      [officerId, officeId],
    );
    if (rows.length === 0) {
      throw new RosterViolation(
        (await this.officeExists(officeId)) ? 'ROSTER.OFFICER_NOT_IN_OFFICE' : 'ROSTER.OFFICE_NOT_FOUND',
      );
    }
  }

  private async officeExists(officeId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM offices WHERE office_id = $1', [officeId]);
    return rows.length > 0;
  }
}

function rethrowUnique(code: 'ROSTER.OFFICE_EXISTS' | 'ROSTER.OFFICER_EXISTS') {
  return (error: unknown): never => {
    throw isUniqueViolation(error) ? new RosterViolation(code) : error;
  };
}
