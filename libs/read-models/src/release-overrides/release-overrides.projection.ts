import type { EntityManager } from 'typeorm';
import type { CaseChange, CaseProjection } from '../case-change';
import { insertEventRows } from '../event-rows';

/** The columns the projection writes, in order, with their types. */
const RELEASE_OVERRIDES_COLUMNS = {
  case_id: 'uuid',
  stream_version: 'integer',
  override_request_id: 'text',
  office_id: 'text',
  officer_id: 'text',
  released_at: 'timestamptz',
  released_by: 'text',
  release_type: 'text',
  rca_recommendation: 'text',
  reason_codes: 'text[]',
  narrative: 'text',
  requested_by: 'text',
  requested_at: 'timestamptz',
  approved_by: 'text',
  approved_at: 'timestamptz',
};

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

  async apply(manager: EntityManager, changes: readonly CaseChange[]): Promise<void> {
    const rows: Record<string, unknown>[] = [];
    for (const { caseId, message, event, before } of changes) {
      if (event.type !== 'SubjectReleased' || !event.data.override || !before.opened) continue;
      const { override } = event.data;
      rows.push({
        case_id: caseId,
        stream_version: message.streamVersion,
        override_request_id: event.data.overrideRequestId ?? null,
        office_id: before.officeId,
        officer_id: before.officerId,
        released_at: event.data.releasedAt,
        released_by: event.data.releasedBy,
        release_type: event.data.releaseType,
        rca_recommendation: event.data.rcaRecommendation,
        reason_codes: override.reasonCodes,
        narrative: override.narrative,
        requested_by: override.requestedBy,
        requested_at: override.requestedAt,
        approved_by: override.approvedBy,
        approved_at: override.approvedAt,
      });
    }
    await insertEventRows(manager, 'release_overrides', RELEASE_OVERRIDES_COLUMNS, rows);
  }
}
