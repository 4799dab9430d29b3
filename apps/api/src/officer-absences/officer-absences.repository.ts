import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { RosterViolation } from '@api/roster/roster.errors';

export const ABSENCE_KINDS = ['LEAVE', 'TEMPORARY_DUTY', 'TRAINING'] as const;
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];

export interface OfficerAbsence {
  absenceId: string;
  officerId: string;
  officeId: string;
  kind: AbsenceKind;
  startsAt: string;
  /** Null while open-ended. */
  endsAt: string | null;
  /** Null: nobody covers, and the office's supervisors act on the officer's alerts. */
  coveringOfficerId: string | null;
  recordedBy: string;
  recordedAt: string;
}

interface AbsenceRow {
  absence_id: string;
  officer_id: string;
  office_id: string;
  kind: AbsenceKind;
  starts_at: Date;
  ends_at: Date | null;
  covering_officer_id: string | null;
  recorded_by: string;
  recorded_at: Date;
}

const ABSENCE_COLUMNS = `absence_id, officer_id, office_id, kind, starts_at, ends_at, covering_officer_id,
  recorded_by, recorded_at`;

/**
 * Officers' absences and their cover: roster facts, in `public.officer_absences` beside the roster
 * rather than in any case's stream (one absence touches thousands of cases, and is about the
 * officer). A row is never deleted and its end only moves earlier, so who covered at any past
 * moment stays known; changing the cover ends the row now and starts another.
 */
@Injectable()
export class OfficerAbsencesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** @throws RosterViolation when the officer already has an absence overlapping this one. */
  async record(absence: OfficerAbsence): Promise<void> {
    await this.db.transaction(async (manager) => {
      // One officer's absences are recorded one at a time, so two cannot overlap by racing.
      await manager.query('SELECT 1 FROM public.officers WHERE officer_id = $1 FOR UPDATE', [
        absence.officerId,
      ]);
      await this.insert(manager, absence);
    });
  }

  /** The absence, when it is the officer's. */
  async find(officerId: string, absenceId: string): Promise<OfficerAbsence | undefined> {
    const rows: AbsenceRow[] = await this.db.query(
      `SELECT ${ABSENCE_COLUMNS} FROM public.officer_absences WHERE absence_id = $1 AND officer_id = $2`,
      [absenceId, officerId],
    );
    const row = rows.at(0);
    return row && toAbsence(row);
  }

  /**
   * Ends the absence at `at` (not later than it would have ended), or, with `newCover`, ends it at
   * `at` and starts its continuation with that cover; answers what is in force after `at`.
   */
  async end(
    absence: OfficerAbsence,
    at: string,
    continuation?: Pick<OfficerAbsence, 'absenceId' | 'coveringOfficerId' | 'recordedBy'>,
  ): Promise<OfficerAbsence | undefined> {
    if (absence.endsAt !== null && Date.parse(absence.endsAt) <= Date.parse(at))
      throw new RosterViolation('ROSTER.ABSENCE_ENDED');
    return this.db.transaction(async (manager) => {
      await manager.query('SELECT 1 FROM public.officers WHERE officer_id = $1 FOR UPDATE', [
        absence.officerId,
      ]);
      // An absence that has not begun yet ends where it starts: empty, never in force.
      const endsAt = Date.parse(absence.startsAt) > Date.parse(at) ? absence.startsAt : at;
      await manager.query(`UPDATE public.officer_absences SET ends_at = $2 WHERE absence_id = $1`, [
        absence.absenceId,
        endsAt,
      ]);
      if (!continuation) return undefined;
      const next: OfficerAbsence = {
        ...absence,
        ...continuation,
        startsAt: endsAt,
        recordedAt: at,
      };
      await this.insert(manager, next);
      return next;
    });
  }

  private async insert(manager: EntityManager, absence: OfficerAbsence): Promise<void> {
    const overlapping: unknown[] = await manager.query(
      `SELECT 1 FROM public.officer_absences
       WHERE officer_id = $1 AND (ends_at IS NULL OR ends_at > $2) AND ($3::timestamptz IS NULL OR starts_at < $3)`,
      [absence.officerId, absence.startsAt, absence.endsAt],
    );
    if (overlapping.length > 0) throw new RosterViolation('ROSTER.ABSENCE_OVERLAPS');
    await manager.query(
      `INSERT INTO public.officer_absences (${ABSENCE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        absence.absenceId,
        absence.officerId,
        absence.officeId,
        absence.kind,
        absence.startsAt,
        absence.endsAt,
        absence.coveringOfficerId,
        absence.recordedBy,
        absence.recordedAt,
      ],
    );
  }
}

function toAbsence(row: AbsenceRow): OfficerAbsence {
  return {
    absenceId: row.absence_id,
    officerId: row.officer_id,
    officeId: row.office_id,
    kind: row.kind,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at?.toISOString() ?? null,
    coveringOfficerId: row.covering_officer_id,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at.toISOString(),
  };
}
