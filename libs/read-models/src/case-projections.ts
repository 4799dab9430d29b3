import type { CaseProjection } from './case-change';
import { AlertsProjection } from './alerts/alerts.projection';
import { CustodyDeterminationsProjection } from './custody-determinations/custody-determinations.projection';
import { CaseWorklistProjection } from './case-worklist/case-worklist.projection';
import { DetainerOutcomesProjection } from './detainer-outcomes/detainer-outcomes.projection';
import { OfficerCaseloadProjection } from './officer-caseload/officer-caseload.projection';
import { RcaComplianceProjection } from './rca-compliance/rca-compliance.projection';
import { ReleaseOverridesProjection } from './release-overrides/release-overrides.projection';
import { TransfersProjection } from './transfers/transfers.projection';
import { StaffingHistoryProjection } from './staffing/staffing-history.projection';
import { MonthlyOversightProjection } from './monthly-oversight/monthly-oversight.projection';
import { MissedCheckInOutcomesProjection } from './missed-check-in-outcomes/missed-check-in-outcomes.projection';

/**
 * Every read model fed by case changes, in the order they are applied: what a rebuild replays
 * into a fresh schema. The live projector applies the scheduler's deadlines too
 * (`liveCaseProjections` in @casetrail/deadlines).
 */
export function caseProjections(): CaseProjection[] {
  return [
    new OfficerCaseloadProjection(),
    new CaseWorklistProjection(),
    new AlertsProjection(),
    new ReleaseOverridesProjection(),
    new CustodyDeterminationsProjection(),
    new RcaComplianceProjection(),
    new DetainerOutcomesProjection(),
    new TransfersProjection(),
    new StaffingHistoryProjection(),
    new MonthlyOversightProjection(),
    new MissedCheckInOutcomesProjection(),
  ];
}
