import type { DocketEvent, ReportingCondition } from './case.docket-events';
import type { CheckInPlan } from './case.events';
import type { OpenedCaseState, SupervisionOrigin, SupervisionState } from './case.state';

/** A release and an enrolment start supervision the same way: one check-in plan, no misses yet. */
export function supervisionStarted(
  origin: SupervisionOrigin,
  startedAt: string,
  checkInPlan: CheckInPlan,
  reportingConditions: ReportingCondition[] = [],
): SupervisionState {
  return {
    origin,
    startedAt,
    reportingConditions,
    intervalDays: checkInPlan.intervalDays,
    graceHours: checkInPlan.graceHours,
    nextCheckInDueAt: checkInPlan.firstDueAt,
    consecutiveMisses: 0,
  };
}

export function evolveDocket(state: OpenedCaseState, event: DocketEvent): OpenedCaseState {
  switch (event.type) {
    case 'SubjectEnrolled': {
      const { basis, enrolledAt, checkInPlan, reportingConditions } = event.data;
      return {
        ...state,
        docket: 'NON_DETAINED',
        supervision: supervisionStarted(
          { kind: 'ENROLMENT', basis },
          enrolledAt,
          checkInPlan,
          reportingConditions,
        ),
      };
    }
    case 'CustodyDeterminationRecorded': {
      if (!state.detention) return state;
      const { decision, determinedBy, determinedAt } = event.data;
      return {
        ...state,
        detention: { ...state.detention, custodyDetermination: { decision, determinedBy, determinedAt } },
      };
    }
    case 'CaseFlagged': {
      const { kind, reason, source, flaggedBy, flaggedAt } = event.data;
      return {
        ...state,
        priorityFlags: { ...state.priorityFlags, [kind]: { kind, reason, source, flaggedBy, flaggedAt } },
      };
    }
    case 'CaseFlagCleared': {
      const { [event.data.kind]: _cleared, ...rest } = state.priorityFlags ?? {};
      return { ...state, priorityFlags: rest };
    }
  }
}
