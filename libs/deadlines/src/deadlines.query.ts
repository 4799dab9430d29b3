import type { DataSource, EntityManager } from 'typeorm';
import type { CaseDeadlineRow, DeadlineKind, DeadlineStatus } from './deadlines.projection';

/** A deadline as the scheduler claims it: how many times it was tried so far, too. */
export interface DueDeadline extends CaseDeadlineRow {
  attempts: number;
}

export interface DeadlineView extends DueDeadline {
  status: DeadlineStatus;
  outcome: string | null;
  settledAt: string | null;
}

interface DeadlineRow {
  deadline_id: string;
  kind: DeadlineKind;
  case_id: string;
  due_at: Date;
  fire_at: Date;
  alert_id: string | null;
  attempts: number;
  status: DeadlineStatus;
  outcome: string | null;
  settled_at: Date | null;
}

const COLUMNS = `deadline_id, kind, case_id, due_at, fire_at, alert_id, attempts, status, outcome, settled_at`;

/**
 * Locks up to `limit` pending deadlines due at `now`, soonest first, for the caller's transaction.
 * Rows another scheduler holds are skipped, not waited for: each due row goes to exactly one
 * transaction, and comes back only if that transaction rolls back (a crash, an error).
 */
export async function claimDueDeadlines(
  manager: EntityManager,
  now: string,
  limit: number,
): Promise<DueDeadline[]> {
  const rows: DeadlineRow[] = await manager.query(
    `SELECT ${COLUMNS} FROM public.deadlines
     WHERE status = 'PENDING' AND fire_at <= $1
     ORDER BY fire_at
     LIMIT $2
     FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
  return rows.map(toDueDeadline);
}

/** Records what became of a claimed deadline; it is never claimed again. */
export async function settleDeadline(
  manager: EntityManager,
  deadlineId: string,
  status: Exclude<DeadlineStatus, 'PENDING'>,
  outcome: string,
  at: string,
): Promise<void> {
  await manager.query(
    `UPDATE public.deadlines SET status = $2, outcome = $3, settled_at = $4, attempts = attempts + 1
     WHERE deadline_id = $1`,
    [deadlineId, status, outcome, at],
  );
}

/** settleDeadline for many claimed deadlines in one statement. */
export async function settleDeadlines(
  manager: EntityManager,
  settled: readonly { deadlineId: string; status: Exclude<DeadlineStatus, 'PENDING'>; outcome: string }[],
  at: string,
): Promise<void> {
  if (settled.length === 0) return;
  await manager.query(
    `UPDATE public.deadlines d SET status = s.status, outcome = s.outcome, settled_at = $4, attempts = d.attempts + 1
     FROM unnest($1::text[], $2::text[], $3::text[]) AS s(deadline_id, status, outcome)
     WHERE d.deadline_id = s.deadline_id`,
    [
      settled.map((row) => row.deadlineId),
      settled.map((row) => row.status),
      settled.map((row) => row.outcome),
      at,
    ],
  );
}

/** Leaves a claimed deadline pending, to be tried again at `retryAt`. */
export async function postponeDeadline(
  manager: EntityManager,
  deadlineId: string,
  retryAt: string,
  reason: string,
): Promise<void> {
  await manager.query(
    `UPDATE public.deadlines SET fire_at = $2, outcome = $3, attempts = attempts + 1 WHERE deadline_id = $1`,
    [deadlineId, retryAt, reason.slice(0, 500)],
  );
}

/** Every deadline a case ever held, the soonest first: for operators and tests. */
export async function findCaseDeadlines(db: DataSource, caseId: string): Promise<DeadlineView[]> {
  const rows: DeadlineRow[] = await db.query(
    `SELECT ${COLUMNS} FROM public.deadlines WHERE case_id = $1 ORDER BY fire_at, deadline_id`,
    [caseId],
  );
  return rows.map((row) => ({
    ...toDueDeadline(row),
    status: row.status,
    outcome: row.outcome,
    settledAt: row.settled_at?.toISOString() ?? null,
  }));
}

function toDueDeadline(row: DeadlineRow): DueDeadline {
  return {
    deadlineId: row.deadline_id,
    kind: row.kind,
    caseId: row.case_id,
    dueAt: row.due_at.toISOString(),
    fireAt: row.fire_at.toISOString(),
    alertId: row.alert_id,
    attempts: row.attempts,
  };
}
