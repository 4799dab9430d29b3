import { DEFAULT_CASE_POLICY, type CaseCommand, type DecisionContext } from './case.commands';
import { decide } from './case.decide';
import { CaseRuleViolation, type CaseRuleCode } from './case.errors';
import type { CaseEvent } from './case.events';
import { replay } from './case.evolve';

/**
 * given(past events).when(command).then(new events) / .thenRejects(code): the shape every
 * domain rule is tested in. Used only by *.unit.spec.ts.
 */
export function given(...history: CaseEvent[]) {
  return {
    when(command: CaseCommand, context: Partial<DecisionContext> = {}) {
      const fullContext: DecisionContext = {
        actor: { userId: 'officer-1', role: 'OFFICER' },
        now: '2026-11-23T12:00:00.000Z',
        policy: DEFAULT_CASE_POLICY,
        ...context,
      };
      const run = () => decide(command, replay(history), fullContext);
      return {
        then(expected: CaseEvent[]) {
          expect(run()).toEqual(expected);
        },
        thenRejects(code: CaseRuleCode) {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(CaseRuleViolation);
          expect((thrown as CaseRuleViolation).code).toBe(code);
        },
      };
    },
  };
}
