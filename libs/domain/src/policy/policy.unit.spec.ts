import { DEFAULT_CASE_POLICY } from '../case/case.commands';
import {
  decidePublishPolicy,
  policyInEffect,
  PolicyRuleViolation,
  type PolicyDocument,
  type PolicyRuleCode,
  type PolicyVersion,
  type PublishPolicy,
} from './policy';

const NOW = '2026-12-01T12:00:00.000Z';
const admin = { userId: 'policy-admin-1', role: 'POLICY_ADMIN' as const };
const { version: _defaultVersion, ...defaults } = DEFAULT_CASE_POLICY;
const document: PolicyDocument = { ...defaults, riskClassificationWindowMs: 2000 };
const rationale =
  'The Inspector General asked for a formal rule on when the risk classification is due; this is it, in writing.';

function publish(overrides: Partial<PublishPolicy['data']> = {}): PublishPolicy {
  return { type: 'PublishPolicy', data: { effectiveFrom: NOW, rationale, policy: document, ...overrides } };
}

function version(number: number, effectiveFrom: string): PolicyVersion {
  return {
    version: number,
    effectiveFrom,
    rationale,
    publishedBy: admin,
    publishedAt: '2026-11-01T00:00:00.000Z',
    policy: { ...document, riskClassificationWindowMs: number * 1000 },
  };
}

/** given(published versions).when(publish).then(event) / .thenRejects(code, fields). */
function given(...history: PolicyVersion[]) {
  return {
    when(command: PublishPolicy) {
      const run = () => decidePublishPolicy(command, history, { actor: admin, now: NOW });
      return {
        then: (expected: unknown) => expect(run()).toEqual(expected),
        thenRejects(code: PolicyRuleCode, fields: string[] = []) {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(PolicyRuleViolation);
          expect((thrown as PolicyRuleViolation).code).toBe(code);
          expect((thrown as PolicyRuleViolation).errors.map((error) => error.field)).toEqual(fields);
        },
      };
    },
  };
}

describe('publishing a policy', () => {
  describe('when none was published', () => {
    it('publishes version 1 with who, when and why', () =>
      given()
        .when(publish({ effectiveFrom: '2026-12-02T00:00:00+01:00' }))
        .then({
          type: 'PolicyPublished',
          version: 1,
          data: {
            version: 1,
            effectiveFrom: '2026-12-01T23:00:00.000Z',
            rationale,
            publishedBy: admin,
            policy: document,
          },
        }));

    it('accepts an effectiveFrom a little in the past, as clock skew', () =>
      given()
        .when(publish({ effectiveFrom: '2026-12-01T11:59:30Z' }))
        .then(expect.objectContaining({ type: 'PolicyPublished' })));

    it('refuses an effectiveFrom in the past: a policy applies forward', () =>
      given()
        .when(publish({ effectiveFrom: '2026-12-01T11:58:00Z' }))
        .thenRejects('POLICY.EFFECTIVE_IN_PAST'));

    it('refuses a rationale shorter than the narrative minimum', () =>
      given()
        .when(publish({ rationale: '   too short    ' }))
        .thenRejects('POLICY.RATIONALE_TOO_SHORT'));

    it('refuses a document with a rule missing', () => {
      const { riskClassificationWindowMs: _missing, ...incomplete } = document;
      given()
        .when(publish({ policy: incomplete }))
        .thenRejects('POLICY.INVALID', ['policy.riskClassificationWindowMs']);
    });

    it('names every insane value: windows not positive, empty lists, unknown codes and rules', () =>
      given()
        .when(
          publish({
            policy: {
              ...document,
              riskClassificationWindowMs: 0,
              checkInGraceHours: -1,
              narrativeMinLength: 1.5,
              targetCaseloadPerOfficer: { DETAINED: 0, NON_DETAINED: 100 },
              overrideReasonCodes: [],
              alertEscalationWindowsMs: [1000],
              priorityEscalationFactor: 0,
              abscondingConsecutiveMisses: 0,
              abscondingDaysWithoutContact: '30',
              speedLimit: 55,
            },
          }),
        )
        .thenRejects('POLICY.INVALID', [
          'policy.speedLimit',
          'policy.riskClassificationWindowMs',
          'policy.narrativeMinLength',
          'policy.abscondingConsecutiveMisses',
          'policy.abscondingDaysWithoutContact',
          'policy.checkInGraceHours',
          'policy.targetCaseloadPerOfficer.DETAINED',
          'policy.overrideReasonCodes',
          'policy.alertEscalationWindowsMs',
          'policy.priorityEscalationFactor',
        ]));

    it('refuses reason codes the agency does not know', () =>
      given()
        .when(publish({ policy: { ...document, overrideReasonCodes: ['MEDICAL', 'BECAUSE'] } }))
        .thenRejects('POLICY.INVALID', ['policy.overrideReasonCodes']));

    it('refuses a document that is not an object', () =>
      given()
        .when(publish({ policy: [] }))
        .thenRejects('POLICY.INVALID', ['policy']));
  });

  describe('when versions were published', () => {
    const history = [version(1, '2026-11-01T00:00:00.000Z'), version(2, '2026-12-05T00:00:00.000Z')];

    it('publishes the next version number', () =>
      given(...history)
        .when(publish({ effectiveFrom: '2026-12-06T00:00:00Z' }))
        .then(expect.objectContaining({ data: expect.objectContaining({ version: 3 }) })));

    it('asks of the rationale as much as the policy in effect asks of a narrative', () => {
      const demanding = version(1, '2026-11-01T00:00:00.000Z');
      demanding.policy = { ...demanding.policy, narrativeMinLength: rationale.length + 1 };
      given(demanding)
        .when(publish({ effectiveFrom: '2026-12-06T00:00:00Z' }))
        .thenRejects('POLICY.RATIONALE_TOO_SHORT');
    });

    it('refuses a version that would take effect before the latest one does', () =>
      given(...history)
        .when(publish({ effectiveFrom: '2026-12-02T00:00:00Z' }))
        .thenRejects('POLICY.EFFECTIVE_BEFORE_LATEST'));
  });
});

describe('the policy in effect', () => {
  const history = [
    version(1, '2026-11-01T00:00:00.000Z'),
    version(2, '2026-12-01T12:00:00.000Z'),
    version(3, '2026-12-10T00:00:00.000Z'),
  ];

  it('is none before the first version takes effect', () =>
    expect(policyInEffect(history, '2026-10-31T23:59:59.999Z')).toBeUndefined());

  it('is the latest version whose effectiveFrom has come', () =>
    expect(policyInEffect(history, '2026-12-05T00:00:00.000Z')?.version).toBe(2));

  it('changes at the effective instant exactly', () => {
    expect(policyInEffect(history, '2026-12-01T11:59:59.999Z')?.version).toBe(1);
    expect(policyInEffect(history, '2026-12-01T12:00:00.000Z')?.version).toBe(2);
  });

  it('is the latest version long after every one took effect', () =>
    expect(policyInEffect(history, '2030-01-01T00:00:00.000Z')?.version).toBe(3));
});
