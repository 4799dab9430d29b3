import {
  canonicalInstant,
  caseDeadlines,
  DEFAULT_CASE_POLICY,
  escalationLevelIndex,
  nextMissedCheckInEscalation,
  type AlertEscalationPolicy,
  type CasePolicy,
  type CaseState,
  type MissedCheckInEscalationLevel,
} from '@casetrail/domain';
import type { DataSource, EntityManager } from 'typeorm';
import type { CaseChange, CaseProjection } from '@casetrail/read-models';

export const DEADLINE_KINDS = ['CHECK_IN', 'RCA', 'ALERT_ACK'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_STATUSES = ['PENDING', 'FIRED', 'CANCELLED'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/** The escalation rules of a policy version, and the version (0: the built-in defaults). */
export type EscalationPolicyVersion = AlertEscalationPolicy & Pick<CasePolicy, 'version'>;

/**
 * The policy in effect at a moment (PolicyBook.inEffectAt): the projector holds each new
 * acknowledgement deadline under the policy in effect when it projects it.
 */
export type PolicyAt = (at: string) => EscalationPolicyVersion;

/** One fixed policy, as version 0 unless it names one: for tools and tests without a policy stream. */
export function fixedPolicy(policy: AlertEscalationPolicy & Partial<Pick<CasePolicy, 'version'>>): PolicyAt {
  return () => ({ version: 0, ...policy });
}

/** A deadline the scheduler must hold for a case. */
export interface CaseDeadlineRow {
  /**
   * `${kind}:${caseId}:${dueAt}`, or `ALERT_ACK:${alertId}:${consecutiveMisses}:${level}` (each
   * miss raises the case's alert again, and each level has its own window): the same deadline
   * always has the same id.
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

/** The escalation an ALERT_ACK deadline stands for: its alert, the miss count and the level. */
export interface AlertEscalationDeadline {
  alertId: string;
  consecutiveMisses: number;
  level: MissedCheckInEscalationLevel;
}

export function alertAckDeadlineId({ alertId, consecutiveMisses, level }: AlertEscalationDeadline): string {
  return `ALERT_ACK:${alertId}:${consecutiveMisses}:${level}`;
}

/**
 * The escalation an ALERT_ACK deadline id names; undefined for ids written before escalation had
 * levels (`ALERT_ACK:${alertId}:${consecutiveMisses}`), whose alerts get a deadline of the new form
 * from their case's next change or from `deadlines:seed`.
 */
export function alertEscalationOf(deadlineId: string): AlertEscalationDeadline | undefined {
  const parts = deadlineId.split(':');
  const [kind] = parts;
  const level = parts.at(-1) ?? '';
  const consecutiveMisses = Number(parts.at(-2));
  const alertId = parts.slice(1, -2).join(':');
  if (kind !== 'ALERT_ACK' || escalationLevelIndex(level) < 1 || alertId === '') return undefined;
  if (!Number.isInteger(consecutiveMisses) || consecutiveMisses < 1) return undefined;
  return { alertId, consecutiveMisses, level: level as MissedCheckInEscalationLevel };
}

/**
 * Every deadline pending for a case in this state: the domain's check-in and RCA deadlines, and
 * the next escalation of an open, unacknowledged missed-check-in alert (the same rule decide
 * applies, so the escalation fired at its time is accepted).
 */
export function pendingDeadlines(state: CaseState, policy: AlertEscalationPolicy): CaseDeadlineRow[] {
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
  const escalation = nextMissedCheckInEscalation(state, policy);
  if (escalation) {
    const dueAt = canonicalInstant(escalation.dueAt);
    rows.push({
      deadlineId: alertAckDeadlineId(escalation),
      kind: 'ALERT_ACK',
      caseId,
      dueAt,
      fireAt: dueAt,
      alertId: escalation.alertId,
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

  constructor(policy: AlertEscalationPolicy | PolicyAt = DEFAULT_CASE_POLICY) {
    this.policyAt = typeof policy === 'function' ? policy : fixedPolicy(policy);
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
    for (const { caseId, before, after, replaying, message } of changes) {
      if (replaying) continue;
      const wanted = pendingDeadlines(after, policy);
      if (sameDeadlines(pendingDeadlines(before, policy), wanted)) continue;
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
 * exist are left as they are.
 *
 * The summaries are read in one pass through a cursor (a keyset page query, planned without
 * statistics on a freshly rebuilt table, sorted the rest of the table for every page), a page at a
 * time so millions of cases never sit in memory at once, and the next page is read while this
 * one's deadlines are written over another connection.
 */
export async function seedDeadlinesFromSummaries(
  dataSource: DataSource,
  policy: AlertEscalationPolicy = DEFAULT_CASE_POLICY,
  pageSize = 10_000,
): Promise<number> {
  const reader = dataSource.createQueryRunner();
  await reader.connect();
  try {
    await reader.startTransaction();
    await reader.query(
      `DECLARE summaries NO SCROLL CURSOR FOR
       SELECT state FROM read_models.case_summaries WHERE docket IN ('DETAINED', 'NON_DETAINED')`,
    );
    const nextPage = () =>
      reader.query(`FETCH ${Number(pageSize)} FROM summaries`) as Promise<{ state: CaseState }[]>;
    let seeded = 0;
    let next = nextPage();
    for (;;) {
      const summaries = await next;
      if (summaries.length === 0) break;
      next = nextPage();
      next.catch(() => undefined); // awaited on the next turn; a failure of this page's insert wins
      const rows = summaries.flatMap(({ state }) => pendingDeadlines(state, policy));
      if (rows.length > 0)
        await dataSource.query(
          `${INSERT_DEADLINES} ON CONFLICT (deadline_id) DO NOTHING`,
          deadlineColumns(rows),
        );
      seeded += rows.length;
    }
    await reader.commitTransaction();
    // Statistics for the bulk fill: without them the planner takes a storm's tens of thousands of
    // due rows for a few hundred and sorts them all, on disk, for every claim of the scheduler's.
    await dataSource.query('ANALYZE public.deadlines');
    return seeded;
  } finally {
    if (reader.isTransactionActive) await reader.rollbackTransaction().catch(() => undefined);
    await reader.release();
  }
}

/**
 * A new policy version applies forward to what is still pending: each pending acknowledgement
 * (escalation) deadline computed under an earlier version is computed again from its case's
 * state under `policy` — the same rule the projector and decide apply — and keeps its id. Fired
 * deadlines are never touched; neither are RCA and check-in deadlines, whose times were decided
 * with the case (the RCA due time at booking, the grace with the check-in plan) and are stored in
 * its history. Idempotent: a row recomputed under `policy` is not moved again.
 */
export async function recomputePendingDeadlines(
  db: Queryable,
  policy: EscalationPolicyVersion,
): Promise<number> {
  const summaries = (await db.query(
    `SELECT s.case_id, s.state FROM read_models.case_summaries s
     WHERE s.case_id IN (SELECT d.case_id FROM public.deadlines d
                         WHERE d.kind = 'ALERT_ACK' AND d.status = 'PENDING'
                           AND COALESCE(d.policy_version, 0) < $1)`,
    [policy.version],
  )) as { case_id: string; state: CaseState }[];
  const rows = summaries
    .flatMap(({ state }) => pendingDeadlines(state, policy))
    .filter((row) => row.kind === 'ALERT_ACK');
  if (rows.length === 0) return 0;
  const moved = (await db.query(
    `WITH moved AS (
       UPDATE public.deadlines d
       SET due_at = r.due_at, fire_at = r.fire_at, policy_version = $2
       FROM jsonb_to_recordset($1::jsonb) AS r(deadline_id text, due_at timestamptz, fire_at timestamptz)
       WHERE d.deadline_id = r.deadline_id AND d.status = 'PENDING' AND COALESCE(d.policy_version, 0) < $2
       RETURNING d.deadline_id)
     SELECT count(*)::int AS moved FROM moved`,
    [
      JSON.stringify(
        rows.map((row) => ({ deadline_id: row.deadlineId, due_at: row.dueAt, fire_at: row.fireAt })),
      ),
      policy.version,
    ],
  )) as { moved: number }[];
  return moved[0]?.moved ?? 0;
}
