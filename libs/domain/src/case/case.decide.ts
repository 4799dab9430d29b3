import type { CaseCommand, DecisionContext } from './case.commands';
import { CaseRuleViolation } from './case.errors';
import type { CaseEvent } from './case.events';
import type { CaseState } from './case.state';

/** Decides what a command means for a case: the new events, or a CaseRuleViolation. Pure. */
export function decide(command: CaseCommand, state: CaseState, context: DecisionContext): CaseEvent[] {
  if (command.type === 'OpenCase') {
    if (state.opened) throw new CaseRuleViolation('CASE.ALREADY_OPENED');
    notInFuture(command.data.openedAt, context);
    return [{ type: 'CaseOpened', version: 1, data: { ...command.data } }];
  }
  if (!state.opened) throw new CaseRuleViolation('CASE.NOT_FOUND');
  if (state.docket === 'CLOSED') throw new CaseRuleViolation('CASE.CLOSED');

  switch (command.type) {
    case 'BookDetention': {
      if (state.docket === 'DETAINED') throw new CaseRuleViolation('CASE.ALREADY_DETAINED');
      notInFuture(command.data.bookedInAt, context);
      const dueAt = addMs(command.data.bookedInAt, context.policy.riskClassificationWindowMs);
      return [
        {
          type: 'DetentionBooked',
          version: 1,
          data: { caseId: state.caseId!, ...command.data, riskClassificationDueAt: dueAt },
        },
      ];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`unknown command ${(unhandled as CaseCommand).type}`);
    }
  }
}

function notInFuture(businessTime: string, context: DecisionContext): void {
  if (Date.parse(businessTime) > Date.parse(context.now)) throw new CaseRuleViolation('CASE.TIME_IN_FUTURE');
}

export function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}
