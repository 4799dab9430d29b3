import type { Pool } from 'pg';
import { evolve, initialCaseState, type CaseState } from '@casetrail/domain';
import { FOLDED_EVENT_COLUMNS, toFoldedEvent, type FoldedEventRow } from '@casetrail/event-store';
import { toCaseEvent } from '@casetrail/contracts';
import { SharedStatements } from '@casetrail/database';
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

interface CommandReadFacts {
  read_position: number;
  snapshot_version: number | null;
  snapshot_state: CaseState | null;
  remembered_hash: string | null;
  remembered_response: unknown;
  office_exists: boolean;
  officer_in_office: boolean;
}

/** A read's facts beside one event of its tail, or beside nulls when it has none (the LATERAL join's one row). */
type CommandReadRow = CommandReadFacts & (FoldedEventRow | { [Column in keyof FoldedEventRow]: null });

/** What one command asks its read for. */
export interface CommandReadRequest {
  caseId: string;
  idempotency?: Idempotency;
  assignment?: OfficerAssignment;
}

/**
 * For each command read asked for (`read_position` numbers them): the case's latest snapshot and the
 * events after it, the remembered answer to the Idempotency-Key and the roster facts of an
 * assignment. One statement for all of them, one round trip. A snapshot's state comes with the
 * first row of its read only (the tail repeats the other facts, which are small).
 *
 * Postgres stops planning a statement sent by name at each call once its plan for any parameters
 * looks no dearer than those it made for the calls' own. The reads come as one JSON array, whose
 * length the planner cannot see (it could an array's, and kept planning again at every call), so
 * after a few calls one plan serves them all. Each lookup in it is a LATERAL subquery the planner
 * cannot flatten (LIMIT, OFFSET 0): a lookup by key for each case, where a flattened join let that
 * plan hash a scan of the whole events table.
 */
const COMMAND_READS = `WITH wanted AS (
    SELECT * FROM ROWS FROM (
        jsonb_to_recordset($1::jsonb) AS (case_id uuid, scope text, idempotency_key text, office_id text, officer_id text)
      ) WITH ORDINALITY AS wanted(case_id, scope, idempotency_key, office_id, officer_id, read_position)
  ),
  facts AS (
    SELECT wanted.read_position, wanted.case_id,
           snapshot.stream_version AS snapshot_version, snapshot.state AS snapshot_state,
           remembered.request_hash AS remembered_hash, remembered.response AS remembered_response,
           EXISTS (SELECT 1 FROM offices WHERE office_id = wanted.office_id) AS office_exists,
           EXISTS (SELECT 1 FROM officers
                   WHERE officer_id = wanted.officer_id AND office_id = wanted.office_id) AS officer_in_office
    FROM wanted
    LEFT JOIN LATERAL (
      SELECT stream_version, state FROM case_snapshots
      WHERE case_id = wanted.case_id AND schema_version = ${CASE_STATE_SCHEMA_VERSION} LIMIT 1
    ) AS snapshot ON true
    LEFT JOIN LATERAL (
      SELECT request_hash, response FROM idempotent_requests
      WHERE scope = wanted.scope AND idempotency_key = wanted.idempotency_key LIMIT 1
    ) AS remembered ON true
  )
  SELECT facts.read_position, facts.snapshot_version,
         CASE WHEN tail.stream_version IS NULL OR tail.stream_version = facts.snapshot_version + 1
              THEN facts.snapshot_state END AS snapshot_state,
         facts.remembered_hash, facts.remembered_response, facts.office_exists, facts.officer_in_office, tail.*
  FROM facts
  LEFT JOIN LATERAL (
    SELECT ${FOLDED_EVENT_COLUMNS} FROM events
    WHERE stream_id = facts.case_id AND stream_version > coalesce(facts.snapshot_version, 0)
    OFFSET 0
  ) AS tail ON true
  ORDER BY facts.read_position, tail.stream_version`;

/** Reads for concurrent commands share a statement (see SharedStatements); at most this many in one. */
const MAX_READS_PER_STATEMENT = 64;

/**
 * The reads of the commands of one process. Sent by name: every command runs the statement, and a
 * prepared statement is parsed once per connection.
 */
export class CommandReads {
  private readonly shared = new SharedStatements<CommandReadRequest, CommandRead>({
    send: (requests) => this.readAll(requests),
    inFlight: 2,
    maxRequests: MAX_READS_PER_STATEMENT,
  });

  /** The pool is asked for when the first read is sent: the data source may connect after this is made. */
  constructor(private readonly poolOf: () => Pool) {}

  read(request: CommandReadRequest): Promise<CommandRead> {
    return this.shared.submit(request);
  }

  private async readAll(requests: readonly CommandReadRequest[]): Promise<CommandRead[]> {
    const { rows } = await this.poolOf().query<CommandReadRow>({
      name: 'casetrail_command_reads',
      text: COMMAND_READS,
      values: [
        JSON.stringify(
          requests.map((request) => ({
            case_id: request.caseId,
            scope: request.idempotency?.scope ?? null,
            idempotency_key: request.idempotency?.key ?? null,
            office_id: request.assignment?.officeId ?? null,
            officer_id: request.assignment?.officerId ?? null,
          })),
        ),
      ],
    });
    const rowsOf = requests.map((): CommandReadRow[] => []);
    // ORDINALITY counts from 1; bigint arrives as text.
    for (const row of rows) rowsOf[Number(row.read_position) - 1].push(row);
    return requests.map((request, index) => commandReadOf(rowsOf[index], request.assignment !== undefined));
  }
}

function commandReadOf(rows: readonly CommandReadRow[], assignmentAsked: boolean): CommandRead {
  const [first] = rows;
  let loaded: LoadedCase =
    first?.snapshot_version != null && first.snapshot_state
      ? { state: first.snapshot_state, version: first.snapshot_version }
      : { state: initialCaseState, version: 0 };
  for (const row of rows) {
    if (row.stream_version === null) continue;
    const event = toFoldedEvent(row);
    loaded = { state: evolve(loaded.state, toCaseEvent(event)), version: event.streamVersion };
  }
  return {
    loaded,
    remembered:
      first?.remembered_hash != null
        ? { requestHash: first.remembered_hash, response: first.remembered_response }
        : undefined,
    roster: assignmentAsked
      ? { officeExists: first?.office_exists === true, officerInOffice: first?.officer_in_office === true }
      : undefined,
  };
}
