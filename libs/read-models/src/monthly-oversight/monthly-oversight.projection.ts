import {
  CUSTODY_DECISIONS,
  epochMsOf,
  OVERRIDE_REASON_CODES,
  utcDayOf,
  type CaseEvent,
} from '@casetrail/domain';
import type { EntityManager } from 'typeorm';
import type { CaseChange, CaseProjection } from '../case-change';

/**
 * What the monthly oversight report counts, one column each, in the report's order. A new outcome
 * is one more name here and one more case in `measuresOf`; the table needs no new column.
 */
export const MONTHLY_OVERSIGHT_MEASURES = [
  'releases',
  'releasesAgainstRca',
  ...OVERRIDE_REASON_CODES.map((code) => `releasesAgainstRca_${code}` as const),
  'custodyDeterminations',
  ...CUSTODY_DECISIONS.map((decision) => `custodyDeterminations_${decision}` as const),
  'rcasCompleted',
  'rcasCompletedWithinWindow',
  'rcasOverdue',
  'missedCheckIns',
  // How misses ended, counted in the month it happened: voided by a check-in entered late, excused
  // (and excusals a supervisor reopened), confirmed as violations; absconders referred.
  'missedCheckInsLate',
  'missedCheckInsExcused',
  'missedCheckInExcusalsReopened',
  'missedCheckInsConfirmed',
  'absconderReferrals',
  'detainersDeclined',
] as const;
export type MonthlyOversightMeasure = (typeof MONTHLY_OVERSIGHT_MEASURES)[number];

/**
 * Counts per office, calendar month (UTC, of the event's business time) and measure. Counters are
 * safe to add to: the applier hands each event over exactly once, live and in a rebuild alike.
 */
export class MonthlyOversightProjection implements CaseProjection {
  readonly name = 'monthly-oversight';
  readonly counters = [
    { table: 'monthly_oversight_counts', keys: ['office_id', 'month', 'measure'], sums: ['count'] },
  ];

  tables(schema: string): string[] {
    return [
      `CREATE TABLE ${schema}.monthly_oversight_counts (
         office_id text NOT NULL,
         month date NOT NULL,
         measure text NOT NULL,
         count integer NOT NULL CHECK (count >= 0),
         PRIMARY KEY (month, office_id, measure)
       )`,
    ];
  }

  async apply(manager: EntityManager, changes: readonly CaseChange[]): Promise<void> {
    const counts = new Map<string, { office_id: string; month: string; measure: string; count: number }>();
    for (const change of changes) {
      if (!change.after.opened) continue;
      const month = `${utcDayOf(change.message.occurredAt).slice(0, 7)}-01`;
      for (const measure of measuresOf(change)) {
        const key = `${change.after.officeId}\u0000${month}\u0000${measure}`;
        const entry = counts.get(key) ?? { office_id: change.after.officeId, month, measure, count: 0 };
        entry.count += 1;
        counts.set(key, entry);
      }
    }
    if (counts.size === 0) return;
    await manager.query(
      `INSERT INTO monthly_oversight_counts (office_id, month, measure, count)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(office_id text, month date, measure text, count integer)
       ON CONFLICT (month, office_id, measure) DO UPDATE
         SET count = monthly_oversight_counts.count + EXCLUDED.count`,
      [JSON.stringify([...counts.values()])],
    );
  }
}

/** The measures one change adds one to. */
export function measuresOf({
  event,
  before,
}: Pick<CaseChange, 'event' | 'before'>): MonthlyOversightMeasure[] {
  const typed: CaseEvent = event;
  switch (typed.type) {
    case 'SubjectReleased': {
      const override = typed.data.override;
      if (!override) return ['releases'];
      return [
        'releases',
        'releasesAgainstRca',
        ...override.reasonCodes.map((code) => `releasesAgainstRca_${code}` as const),
      ];
    }
    case 'CustodyDeterminationRecorded':
      return ['custodyDeterminations', `custodyDeterminations_${typed.data.decision}`];
    case 'RiskClassificationCompleted': {
      const detention = before.opened ? before.detention : undefined;
      // A later RCA of the same booking revises it; only the booking's first counts as its completion.
      if (!detention || detention.riskClassificationStatus === 'COMPLETED') return [];
      const withinWindow = epochMsOf(typed.data.completedAt) <= epochMsOf(detention.riskClassificationDueAt);
      return withinWindow ? ['rcasCompleted', 'rcasCompletedWithinWindow'] : ['rcasCompleted'];
    }
    case 'RiskClassificationOverdue':
      return ['rcasOverdue'];
    case 'CheckInMissed':
      return ['missedCheckIns'];
    case 'MissedCheckInVoided':
      return ['missedCheckInsLate'];
    case 'MissedCheckInExcused':
      return ['missedCheckInsExcused'];
    case 'MissedCheckInExcusalReopened':
      return ['missedCheckInExcusalsReopened'];
    case 'MissedCheckInConfirmed':
      return ['missedCheckInsConfirmed'];
    case 'AbscondingDetermined':
      return typed.data.decision === 'ABSCONDED' ? ['absconderReferrals'] : [];
    case 'DetainerResponded':
      return typed.data.response === 'DECLINED' ? ['detainersDeclined'] : [];
    default:
      return [];
  }
}
