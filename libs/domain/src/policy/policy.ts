import { DEFAULT_CASE_POLICY, type Actor, type CasePolicy } from '../case/case.commands';
import { OVERRIDE_REASON_CODES } from '../case/case.events';
import { addMs, canonicalInstant, isAfter } from '../case/case.time';

/** The agency's policy as an administrator publishes it: every rule, without its version number. */
export type PolicyDocument = Omit<CasePolicy, 'version'>;

/** The agency's one policy stream (`policy-agency`); the event store names its streams by uuid. */
export const POLICY_STREAM_ID = '00000000-0000-4000-8000-0000000a9e1c';
export const POLICY_STREAM_TYPE = 'policy-agency';

/** One published version of the policy, with who published it, when it applies and why. */
export interface PolicyVersion {
  version: number;
  /** From this instant on, decisions are made under this version (until a later one takes effect). */
  effectiveFrom: string;
  rationale: string;
  publishedBy: Actor;
  publishedAt: string;
  policy: PolicyDocument;
}

/** The one event of the policy stream: a new version, applying from `effectiveFrom`. */
export interface PolicyPublished {
  type: 'PolicyPublished';
  version: 1;
  data: Omit<PolicyVersion, 'publishedAt'>;
}

export interface PublishPolicy {
  type: 'PublishPolicy';
  data: { effectiveFrom: string; rationale: string; policy: unknown };
}

/** How far in the past an effectiveFrom may lie and still count as "now": clock skew. */
export const POLICY_EFFECTIVE_SKEW_MS = 60_000;

export const POLICY_RULES = {
  'POLICY.INVALID': 'The policy document is incomplete or has values outside what the rules allow.',
  'POLICY.EFFECTIVE_IN_PAST': 'A policy applies forward: effectiveFrom must be now or later.',
  'POLICY.EFFECTIVE_BEFORE_LATEST':
    'A new version cannot take effect before the latest published version does.',
  'POLICY.RATIONALE_TOO_SHORT':
    "A policy's rationale must be at least as long as the policy in effect requires of a narrative.",
  'POLICY.NOT_PUBLISHED': 'No policy has been published yet.',
} as const;

export type PolicyRuleCode = keyof typeof POLICY_RULES;

export interface PolicyFieldError {
  field: string;
  messages: string[];
}

export class PolicyRuleViolation extends Error {
  constructor(
    readonly code: PolicyRuleCode,
    readonly errors: PolicyFieldError[] = [],
  ) {
    super(`${code}: ${POLICY_RULES[code]}`);
    this.name = 'PolicyRuleViolation';
  }
}

/**
 * Decides a new version on the stream's history (oldest first): the document complete and sane,
 * the rationale long enough, applying from now (within clock skew) or later and not before the
 * latest version applies.
 */
export function decidePublishPolicy(
  command: PublishPolicy,
  history: readonly PolicyVersion[],
  context: { actor: Actor; now: string },
): PolicyPublished {
  const problems = policyDocumentProblems(command.data.policy);
  if (problems.length > 0) throw new PolicyRuleViolation('POLICY.INVALID', problems);
  // A rationale is a narrative: it must say as much as the policy in effect asks of one.
  const rationale = command.data.rationale.trim();
  if (rationale.length < casePolicyOf(policyInEffect(history, context.now)).narrativeMinLength)
    throw new PolicyRuleViolation('POLICY.RATIONALE_TOO_SHORT');
  const { effectiveFrom } = command.data;
  if (isAfter(addMs(context.now, -POLICY_EFFECTIVE_SKEW_MS), effectiveFrom))
    throw new PolicyRuleViolation('POLICY.EFFECTIVE_IN_PAST');
  const latest = history.at(-1);
  if (latest && isAfter(latest.effectiveFrom, effectiveFrom))
    throw new PolicyRuleViolation('POLICY.EFFECTIVE_BEFORE_LATEST');
  return {
    type: 'PolicyPublished',
    version: 1,
    data: {
      version: (latest?.version ?? 0) + 1,
      effectiveFrom: canonicalInstant(effectiveFrom),
      rationale,
      publishedBy: context.actor,
      policy: command.data.policy as PolicyDocument,
    },
  };
}

/** The version in effect at `at`: the latest whose effectiveFrom has come; undefined before the first. */
export function policyInEffect(history: readonly PolicyVersion[], at: string): PolicyVersion | undefined {
  let inEffect: PolicyVersion | undefined;
  for (const version of history) {
    if (isAfter(version.effectiveFrom, at)) continue;
    if (!inEffect || version.version > inEffect.version) inEffect = version;
  }
  return inEffect;
}

/** The policy decisions get: the version in effect, or the built-in defaults before any was published. */
export function casePolicyOf(version: PolicyVersion | undefined): CasePolicy {
  return version ? { ...version.policy, version: version.version } : DEFAULT_CASE_POLICY;
}

const POSITIVE_INTEGERS: (keyof PolicyDocument)[] = [
  'riskClassificationWindowMs',
  'narrativeMinLength',
  'abscondingConsecutiveMisses',
  'abscondingDaysWithoutContact',
];
const DOCUMENT_FIELDS = Object.keys(DEFAULT_CASE_POLICY).filter((field) => field !== 'version');

/** Every problem of a policy document, by field; none for a complete, sane document. */
export function policyDocumentProblems(document: unknown): PolicyFieldError[] {
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    return [{ field: 'policy', messages: ['policy must be an object with every rule'] }];
  const policy = document as Record<string, unknown>;
  const problems: PolicyFieldError[] = [];
  const problem = (field: string, message: string) =>
    problems.push({ field: `policy.${field}`, messages: [message] });
  for (const field of Object.keys(policy))
    if (!DOCUMENT_FIELDS.includes(field)) problem(field, `${field} is not a policy rule`);
  for (const field of POSITIVE_INTEGERS)
    if (!isPositiveInteger(policy[field])) problem(field, `${field} must be a whole number ≥ 1`);
  const grace = policy.checkInGraceHours;
  if (typeof grace !== 'number' || !Number.isFinite(grace) || grace < 0)
    problem('checkInGraceHours', 'checkInGraceHours must be a number ≥ 0');
  const targets = policy.targetCaseloadPerOfficer as Record<string, unknown> | undefined;
  if (typeof targets !== 'object' || targets === null)
    problem('targetCaseloadPerOfficer', 'targetCaseloadPerOfficer must give DETAINED and NON_DETAINED');
  else
    for (const docket of ['DETAINED', 'NON_DETAINED'])
      if (!isPositiveInteger(targets[docket]))
        problem(`targetCaseloadPerOfficer.${docket}`, `${docket} must be a whole number ≥ 1`);
  const codes = policy.overrideReasonCodes;
  const known: readonly unknown[] = OVERRIDE_REASON_CODES;
  if (!Array.isArray(codes) || codes.length === 0 || codes.some((code) => !known.includes(code)))
    problem(
      'overrideReasonCodes',
      `overrideReasonCodes must list one or more of ${OVERRIDE_REASON_CODES.join(', ')}`,
    );
  else if (new Set(codes).size !== codes.length)
    problem('overrideReasonCodes', 'overrideReasonCodes must not repeat a code');
  const windows = policy.alertEscalationWindowsMs;
  if (!Array.isArray(windows) || windows.length !== 2 || !windows.every(isPositiveInteger))
    problem(
      'alertEscalationWindowsMs',
      'alertEscalationWindowsMs must be two whole numbers of milliseconds ≥ 1 (to SUPERVISOR, to DEPUTY_FIELD_OFFICE_DIRECTOR)',
    );
  const factor = policy.priorityEscalationFactor;
  if (typeof factor !== 'number' || !(factor > 0 && factor <= 1))
    problem('priorityEscalationFactor', 'priorityEscalationFactor must be a number above 0 and at most 1');
  return problems;
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}
