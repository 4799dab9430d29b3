import type { Pool } from 'pg';
import { evolve, initialCaseState, type CaseState } from '@casetrail/domain';
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from '@casetrail/event-store';
import { toCaseEvent } from '@casetrail/contracts';
import { CASE_STATE_SCHEMA_VERSION } from './case-snapshots';
import type { Idempotency } from './idempotent-requests';

export interface LoadedCase {
  state: CaseState;
  version: number;
}

/** An officer a command assigns a case to, who must be on that office's roster. */
export interface OfficerAssignment {
  officeId: string;
  officerId: string;
}

/** What a command needs to know before it decides, read in one statement. */
export interface CommandRead {
  loaded: LoadedCase;
  /** The first answer to this request's Idempotency-Key, if it was used before. */
  remembered?: { requestHash: string; response: unknown };
  /** With an assignment asked about: whether its office exists and the officer is in it. */
  roster?: { officeExists: boolean; officerInOffice: boolean };
}

interface CommandReadRow extends Partial<EventRow> {
  snapshot_version: number | null;
  snapshot_state: CaseState | null;
  remembered_hash: string | null;
  remembered_response: unknown;
  office_exists: boolean;
  officer_in_office: boolean;
}

/**
 * The case's latest snapshot and the events after it, the remembered answer to the Idempotency-Key
 * and the roster facts of an assignment: one statement, one round trip. The snapshot's state comes
 * with the first row only (the tail repeats the other facts, which are small).
 */
const COMMAND_READ = `WITH snapshot AS (
    SELECT stream_version, state FROM case_snapshots WHERE case_id = $1 AND schema_version = $2
  ),
  facts AS (
    SELECT (SELECT stream_version FROM snapshot) AS snapshot_version,
           (SELECT state FROM snapshot) AS snapshot_state,
           remembered.request_hash AS remembered_hash, remembered.response AS remembered_response,
           EXISTS (SELECT 1 FROM offices WHERE office_id = $5::text) AS office_exists,
           EXISTS (SELECT 1 FROM officers WHERE officer_id = $6::text AND office_id = $5::text) AS officer_in_office
    FROM (SELECT 1) AS one
    LEFT JOIN idempotent_requests AS remembered ON remembered.scope = $3::text AND remembered.idempotency_key = $4::text
  )
  SELECT facts.snapshot_version,
         CASE WHEN tail.stream_version IS NULL OR tail.stream_version = facts.snapshot_version + 1
              THEN facts.snapshot_state END AS snapshot_state,
         facts.remembered_hash, facts.remembered_response, facts.office_exists, facts.officer_in_office, tail.*
  FROM facts
  LEFT JOIN LATERAL (
    SELECT ${EVENT_COLUMNS} FROM events
    WHERE stream_id = $1 AND stream_version > coalesce(facts.snapshot_version, 0)
  ) AS tail ON true
  ORDER BY tail.stream_version`;

/** Sent by name: every command runs it, and a prepared statement is parsed once per connection. */
export async function readForCommand(
  pool: Pool,
  caseId: string,
  { idempotency, assignment }: { idempotency?: Idempotency; assignment?: OfficerAssignment } = {},
): Promise<CommandRead> {
  const { rows } = await pool.query<CommandReadRow>({
    name: 'casetrail_command_read',
    text: COMMAND_READ,
    values: [
      caseId,
      CASE_STATE_SCHEMA_VERSION,
      idempotency?.scope ?? null,
      idempotency?.key ?? null,
      assignment?.officeId ?? null,
      assignment?.officerId ?? null,
    ],
  });
  const [first] = rows;
  let loaded: LoadedCase =
    first?.snapshot_version != null && first.snapshot_state
      ? { state: first.snapshot_state, version: first.snapshot_version }
      : { state: initialCaseState, version: 0 };
  for (const row of rows) {
    if (row.event_id == null) continue;
    const event = toStoredEvent(row as EventRow);
    loaded = { state: evolve(loaded.state, toCaseEvent(event)), version: event.streamVersion };
  }
  return {
    loaded,
    remembered:
      first?.remembered_hash != null
        ? { requestHash: first.remembered_hash, response: first.remembered_response }
        : undefined,
    roster: assignment
      ? { officeExists: first?.office_exists === true, officerInOffice: first?.officer_in_office === true }
      : undefined,
  };
}
