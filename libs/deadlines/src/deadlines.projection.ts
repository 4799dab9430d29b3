import { addMs, canonicalInstant, caseDeadlines, type CasePolicy, type CaseState } from '@casetrail/domain';
import type { EntityManager } from 'typeorm';
import type { CaseChange, CaseProjection } from '@casetrail/read-models';

export const DEADLINE_KINDS = ['CHECK_IN', 'RCA', 'ALERT_ACK'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_STATUSES = ['PENDING', 'FIRED', 'CANCELLED'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/** The agency's rule; ALERT_ACK_WINDOW_MS overrides it. */
export const DEFAULT_ALERT_ACK_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * The policy in effect at a moment (PolicyBook.inEffectAt): the projector holds each new
 * acknowledgement deadline under the policy in effect when it projects it.
 */
export type PolicyAt = (at: string) => Pick<CasePolicy, 'version' | 'alertEscalationWindowsMs'>;

/** A fixed acknowledgement window, as policy version 0: for tools and tests without a policy stream. */
export function fixedAckWindow(alertAckWindowMs: number): PolicyAt {
  return () => ({ version: 0, alertEscalationWindowsMs: [alertAckWindowMs] });
}

/** A deadline the scheduler must hold for a case. */
export interface CaseDeadlineRow {
  /**
   * `${kind}:${caseId}:${dueAt}`, or `ALERT_ACK:${alertId}:${consecutiveMisses}` (each miss raises the
   * case's alert again, with its own window): the same deadline always has the same id.
   */
  deadlineId: string;
  kind: DeadlineKind;
  caseId: string;
  dueAt: string;
  /** When the scheduler may fire it: dueAt, plus the grace period for a check-in. */
  fireAt: string;
  /** The alert to escalate, for ALERT_ACK. */
  alertId: string | null;
  /**
   * The policy version the times were computed under: the deciding event's for check-ins and RCAs
   * (decided and stored with the case), the projector's policy for acknowledgement windows.
   */
  policyVersion?: number | null;
}

export function alertAckDeadlineId(alertId: string, consecutiveMisses: number): string {
  return `ALERT_ACK:${alertId}:${consecutiveMisses}`;
}

/**
 * Every deadline pending for a case in this state: the domain's check-in and RCA deadlines, and
 * the acknowledgement deadline of an open, unacknowledged missed-check-in alert.
 */
export function pendingDeadlines(state: CaseState, alertAckWindowMs: number): CaseDeadlineRow[] {
  if (!state.opened) return [];
  const { caseId } = state;
  const rows: CaseDeadlineRow[] = caseDeadlines(state).map((deadline) => {
    const kind: DeadlineKind = deadline.kind === 'CHECK_IN' ? 'CHECK_IN' : 'RCA';
    const dueAt = canonicalInstant(deadline.dueAt);
    return {
      deadlineId: `${kind}:${caseId}:${dueAt}`,
      kind,
      caseId,
      dueAt,
      fireAt: canonicalInstant(deadline.fireAt),
      alertId: null,
    };
  });
  const alert = state.supervision?.openMissedCheckInAlert;
  if (alert && !alert.acknowledged) {
    const dueAt = addMs(alert.detectedAt, alertAckWindowMs);
    rows.push({
      deadlineId: alertAckDeadlineId(alert.alertId, alert.consecutiveMisses),
      kind: 'ALERT_ACK',
      caseId,
      dueAt,
      fireAt: dueAt,
      alertId: alert.alertId,
    });
  }
  return rows;
}

/**
 * Keeps `public.deadlines` in line with each case's state: after a change, the case's pending rows
 * are exactly its current deadlines.
 *
 * The table is not a read model of the swappable schema (see the Deadlines migration): it records
 * what the scheduler did. So this projection works on the live projector only — a rebuild
 * replaying history leaves it alone — and never turns a FIRED row back into a pending one, so
 * a redelivered or re-derived deadline cannot fire twice. A CANCELLED row may come back: a plan
 * changed away from a due time and back again makes that deadline current again.
 */
export class DeadlinesProjection implements CaseProjection {
  readonly name = 'deadlines';
  private readonly policyAt: PolicyAt;

  constructor(policy: number | PolicyAt = DEFAULT_ALERT_ACK_WINDOW_MS) {
    this.policyAt = typeof policy === 'number' ? fixedAckWindow(policy) : policy;
  }

  tables(): string[] {
    return [];
  }

  /**
   * Holding each change's deadlines in turn, in two statements: every deadline wanted along the way
   * is written (with its latest fire time), then each case whose deadlines moved has every other
   * pending one cancelled, so its last wanted set is what stays pending.
   */
  async apply(manager: EntityManager, changes: readonly CaseChange[]): Promise<void> {
    const written = new Map<string, CaseDeadlineRow>();
    const lastWanted = new Map<string, string[]>();
    const policy = this.policyAt(new Date().toISOString());
    const [alertAckWindowMs] = policy.alertEscalationWindowsMs;
    for (const { caseId, before, after, replaying, message } of changes) {
      if (replaying) continue;
      const wanted = pendingDeadlines(after, alertAckWindowMs);
      if (sameDeadlines(pendingDeadlines(before, alertAckWindowMs), wanted)) continue;
      for (const row of wanted)
        written.set(row.deadlineId, {
          ...row,
          policyVersion: row.kind === 'ALERT_ACK' ? policy.version : (message.policyVersion ?? null),
        });
      lastWanted.set(
        caseId,
        wanted.map((row) => row.deadlineId),
      );
    }
    if (lastWanted.size === 0) return;
    if (written.size > 0) {
      await manager.query(
        `${INSERT_DEADLINES}
         ON CONFLICT (deadline_id) DO UPDATE
           SET due_at = EXCLUDED.due_at, fire_at = EXCLUDED.fire_at, status = 'PENDING', outcome = NULL,
             settled_at = NULL,
             -- The same times again (another change of the case) keep the version they were computed under.
             policy_version = CASE WHEN (deadlines.due_at, deadlines.fire_at) = (EXCLUDED.due_at, EXCLUDED.fire_at)
               THEN deadlines.policy_version ELSE EXCLUDED.policy_version END
           WHERE deadlines.status <> 'FIRED'`,
        deadlineColumns([...written.values()]),
      );
    }
    await manager.query(
      `UPDATE public.deadlines d SET status = 'CANCELLED', outcome = 'SUPERSEDED', settled_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS w(case_id uuid, wanted text[])
       WHERE d.case_id = w.case_id AND d.status = 'PENDING' AND NOT (d.deadline_id = ANY(w.wanted))`,
      [JSON.stringify([...lastWanted].map(([caseId, wanted]) => ({ case_id: caseId, wanted })))],
    );
  }
}

const INSERT_DEADLINES = `INSERT INTO public.deadlines (deadline_id, kind, case_id, due_at, fire_at, alert_id, policy_version)
  SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::integer[])`;

function deadlineColumns(rows: CaseDeadlineRow[]): unknown[] {
  return [
    rows.map((row) => row.deadlineId),
    rows.map((row) => row.kind),
    rows.map((row) => row.caseId),
    rows.map((row) => row.dueAt),
    rows.map((row) => row.fireAt),
    rows.map((row) => row.alertId),
    rows.map((row) => row.policyVersion ?? null),
  ];
}

function sameDeadlines(a: CaseDeadlineRow[], b: CaseDeadlineRow[]): boolean {
  const key = (rows: CaseDeadlineRow[]) =>
    rows
      .map((row) => `${row.deadlineId}@${row.fireAt}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Gives the cases the projector has already seen the deadlines they hold: run once when the
 * deadlines table is added to a database with history, and after a bulk load's rebuild. Rows that
 * exist are left as they are. Reads the summaries a page at a time, so millions of cases never sit
 * in memory at once.
 */
export async function seedDeadlinesFromSummaries(
  db: Queryable,
  alertAckWindowMs = DEFAULT_ALERT_ACK_WINDOW_MS,
  pageSize = 5000,
): Promise<number> {
  let seeded = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const summaries = (await db.query(
      `SELECT case_id, state FROM read_models.case_summaries
       WHERE docket IN ('DETAINED', 'NON_DETAINED') AND case_id > $1
       ORDER BY case_id LIMIT $2`,
      [after, pageSize],
    )) as { case_id: string; state: CaseState }[];
    if (summaries.length === 0) return seeded;
    after = summaries[summaries.length - 1].case_id;
    const rows = summaries.flatMap(({ state }) => pendingDeadlines(state, alertAckWindowMs));
    if (rows.length > 0) {
      await db.query(`${INSERT_DEADLINES} ON CONFLICT (deadline_id) DO NOTHING`, deadlineColumns(rows));
    }
    seeded += rows.length;
  }
}

/**
 * A new policy version applies forward to what is still pending: each pending acknowledgement
 * deadline computed under an earlier version moves by the difference between that version's
 * window and the new one (its alert's detection time is its due time less the old window). Fired
 * deadlines are never touched; neither are RCA and check-in deadlines, whose times were decided
 * with the case (the RCA due time at booking, the grace with the check-in plan) and are stored in
 * its history. Idempotent: a row recomputed under `policy` is not moved again.
 */
export async function recomputePendingDeadlines(
  db: Queryable,
  policy: Pick<CasePolicy, 'version' | 'alertEscalationWindowsMs'>,
  earlier: readonly Pick<CasePolicy, 'version' | 'alertEscalationWindowsMs'>[],
): Promise<number> {
  const windows = earlier.map((version) => ({
    version: version.version,
    window_ms: version.alertEscalationWindowsMs[0],
  }));
  const rows = (await db.query(
    `WITH moved AS (
       UPDATE public.deadlines d
       SET due_at = d.due_at + ($2::bigint - w.window_ms) * interval '1 millisecond',
           fire_at = d.fire_at + ($2::bigint - w.window_ms) * interval '1 millisecond',
           policy_version = $3
       FROM jsonb_to_recordset($1::jsonb) AS w(version integer, window_ms bigint)
       WHERE d.kind = 'ALERT_ACK' AND d.status = 'PENDING'
         AND COALESCE(d.policy_version, 0) < $3 AND w.version = COALESCE(d.policy_version, 0)
       RETURNING d.deadline_id)
     SELECT count(*)::int AS moved FROM moved`,
    [JSON.stringify(windows), policy.alertEscalationWindowsMs[0], policy.version],
  )) as { moved: number }[];
  return rows[0]?.moved ?? 0;
}
