import type { EntityManager } from 'typeorm';
import type { CaseChange, CaseProjection } from '../case-change';

/**
 * Every release that used an approved override, for oversight: one row per SubjectReleased event,
 * keyed by the case and the event's stream version, so a rebuild writes the same rows again.
 */
export class ReleaseOverridesProjection implements CaseProjection {
  readonly name = 'release-overrides';

  tables(schema: string): string[] {
    return [
      `CREATE TABLE ${schema}.release_overrides (
         case_id uuid NOT NULL,
         stream_version integer NOT NULL,
         override_request_id text,
         office_id text NOT NULL,
         officer_id text NOT NULL,
         released_at timestamptz NOT NULL,
         released_by text NOT NULL,
         release_type text NOT NULL,
         rca_recommendation text,
         reason_codes text[] NOT NULL,
         narrative text NOT NULL,
         requested_by text NOT NULL,
         requested_at timestamptz NOT NULL,
         approved_by text NOT NULL,
         approved_at timestamptz NOT NULL,
         PRIMARY KEY (case_id, stream_version)
       )`,
      `CREATE INDEX release_overrides_by_office ON ${schema}.release_overrides (office_id, released_at)`,
      `CREATE INDEX release_overrides_by_time ON ${schema}.release_overrides (released_at)`,
    ];
  }

  async apply(manager: EntityManager, { caseId, message, event, before }: CaseChange): Promise<void> {
    if (event.type !== 'SubjectReleased' || !event.data.override || !before.opened) return;
    const { override } = event.data;
    // The office and officer that held the case when the subject was released.
    await manager.query(
      `INSERT INTO release_overrides (case_id, stream_version, override_request_id, office_id, officer_id,
         released_at, released_by, release_type, rca_recommendation, reason_codes, narrative, requested_by,
         requested_at, approved_by, approved_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (case_id, stream_version) DO NOTHING`,
      [
        caseId,
        message.streamVersion,
        event.data.overrideRequestId ?? null,
        before.officeId,
        before.officerId,
        event.data.releasedAt,
        event.data.releasedBy,
        event.data.releaseType,
        event.data.rcaRecommendation,
        override.reasonCodes,
        override.narrative,
        override.requestedBy,
        override.requestedAt,
        override.approvedBy,
        override.approvedAt,
      ],
    );
  }
}
