import {
  CHECK_IN_METHODS,
  CLOSURE_REASONS,
  DAY_MS,
  DEFAULT_CASE_POLICY,
  HOUR_MS,
  decide,
  evolve,
  initialCaseState,
  type Actor,
  type CaseCommand,
  type CaseState,
  type EnrolmentBasis,
  type RcaRecommendation,
  type ReleaseType,
} from '@casetrail/domain';
import type { NewEvent } from '@casetrail/event-store';
import { pick, randomDateOfBirth, seededRandom } from '../shared/random';
import type { SeedOfficer } from './seed-roster';

const MINUTE_MS = 60 * 1000;

/** Who records a missed deadline: the scheduler's actor, as the running system records it. */
export const SEED_SCHEDULER_ACTOR: Actor = { userId: 'system:scheduler', role: 'ADMIN' };

/** One case to generate: which officer opens it and under which supervisor. */
export interface CasePlan {
  /** Position of the case in the seed: its ids and its random numbers follow from it. */
  index: number;
  officer: SeedOfficer;
  supervisorId: string;
  /** Other non-detained officers of the office, for a reassignment. */
  colleagues: readonly SeedOfficer[];
  /**
   * For a deadline storm: the time by which the case's check-in deadline, grace included, has
   * passed unrecorded. Absent for every other case, whose deadlines all fall after `asOf`.
   */
  stormFireAt?: number;
}

export interface HistorySettings {
  seed: number;
  /** Epoch ms: the history ends here; every event happened at or before it. */
  asOf: number;
}

export interface CaseHistory {
  caseId: string;
  officeId: string;
  events: NewEvent[];
  /** The case as its events leave it. */
  state: CaseState;
}

/** Deterministic, obviously synthetic ids: `<seed>-<kind>-4…-8…-<case index>`, valid v4 layout. */
export function seedCaseId(seed: number, index: number): string {
  return syntheticUuid(seed, 'ca5e', 0, index);
}

function syntheticUuid(seed: number, kind: string, sequence: number, index: number): string {
  const seedHex = (seed >>> 0).toString(16).padStart(8, '0');
  return `${seedHex}-${kind}-4${sequence.toString(16).padStart(3, '0')}-8000-${index.toString(16).padStart(12, '0')}`;
}

/** A random stream of its own per case, so any case can be generated alone and alike every time. */
function caseRandom(seed: number, index: number): () => number {
  let hash = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  hash = Math.imul(hash ^ (hash >>> 16), 0x7feb352d);
  return seededRandom(hash ^ (hash >>> 15));
}

const RECOMMENDATIONS: readonly { value: RcaRecommendation; upTo: number }[] = [
  { value: 'DETAIN', upTo: 0.15 },
  { value: 'RELEASE', upTo: 0.6 },
  { value: 'RELEASE_ON_ATD', upTo: 0.95 },
  { value: 'SUPERVISOR_REVIEW', upTo: 1 },
];
const RELEASE_TYPES: readonly ReleaseType[] = [
  'BOND',
  'BOND',
  'OWN_RECOGNIZANCE',
  'PAROLE',
  'ATD',
  'ATD',
  'OTHER',
];
const INTERVAL_DAYS = [7, 14, 30, 30, 30, 60, 90, 90] as const;
/** Of the non-detained docket, the share enrolled without a detention (recognizance, parole, …). */
export const ENROLLED_WITHOUT_DETENTION_SHARE = 0.75;
const ENROLMENT_BASES: readonly EnrolmentBasis[] = [
  'ORDER_OF_RECOGNIZANCE',
  'ORDER_OF_RECOGNIZANCE',
  'ORDER_OF_RECOGNIZANCE',
  'PAROLE',
  'PAROLE',
  'BOND_SET_BY_JUDGE',
  'COURT_ORDER',
  'TRANSFER_FROM_AGENCY',
];
const DETERMINATION_RATIONALE =
  'Synthetic seed rationale: the subject has a verified address, a sponsor in the area and no prior failures to appear; supervised release with reporting is sufficient.';
const GRACE_HOURS = [12, 24, 24, 24, 48] as const;
const COUNTRIES = ['MX', 'GT', 'HN', 'SV', 'VN', 'CN', 'IN', 'BR', 'EC', 'CO'] as const;
const NARRATIVES = [
  'Synthetic seed narrative: the subject is the primary caregiver of two minor children, has a fixed address with family and has attended every hearing so far.',
  'Synthetic seed narrative: a treating physician documents a chronic condition that the facility cannot manage; release on monitoring with weekly reporting is requested.',
  'Synthetic seed narrative: the subject is cooperating with a federal prosecution and the prosecuting office asked in writing for release under supervision.',
] as const;

/**
 * One case's history, built the way the running system builds it: every step is a command the
 * domain decides (`decide`) and the resulting events are folded into the state (`evolve`). A
 * step the domain would refuse throws, so the generator can only ever produce a possible history.
 */
export function generateCaseHistory(plan: CasePlan, settings: HistorySettings): CaseHistory {
  const random = caseRandom(settings.seed, plan.index);
  const caseId = seedCaseId(settings.seed, plan.index);
  const timeline = new CaseTimeline(settings.seed, plan.index, caseId);
  const officer: Actor = { userId: plan.officer.officerId, role: 'OFFICER' };
  const supervisor: Actor = { userId: plan.supervisorId, role: 'SUPERVISOR' };
  const { asOf } = settings;
  const between = (from: number, to: number) => from + (to - from) * random();

  const detainedUnit = plan.officer.unit === 'DETAINED';
  // Non-detained cases were released or enrolled within the last two months, so 2.2 million of
  // them make about eight million events; a storm case leaves room for its schedule change before the storm.
  const releasedAgo = plan.stormFireAt !== undefined ? between(4, 60) * DAY_MS : between(0.5, 60) * DAY_MS;
  const bookedAgo = detainedUnit
    ? detainedFor(between(0.1, 90) * DAY_MS)
    : releasedAgo + between(1, 30) * DAY_MS;
  const bookedInAt = asOf - bookedAgo;
  const openedAt = bookedInAt - between(1, 12) * HOUR_MS;

  timeline.run(officer, openedAt, {
    type: 'OpenCase',
    data: {
      caseId,
      officeId: plan.officer.officeId,
      officerId: plan.officer.officerId,
      subject: {
        givenName: 'Synthetic',
        familyName: `Subject-${String(plan.index).padStart(7, '0')}`,
        // 'A00' and the case index: never a real registration number.
        aNumber: `A00${String(plan.index % 10_000_000).padStart(7, '0')}`,
        dateOfBirth: randomDateOfBirth(random),
        countryOfCitizenship: pick(random, COUNTRIES),
      },
      openedAt: iso(openedAt),
    },
  });
  // Most of the non-detained docket was never in ICE custody: such a case is enrolled straight
  // from pending; the rest were booked and released.
  if (!detainedUnit && random() < ENROLLED_WITHOUT_DETENTION_SHARE) {
    enrolWithoutDetention(timeline, officer, random, asOf - releasedAgo);
    flagSome(timeline, officer, random, asOf);
    supervise(plan, timeline, officer, random, asOf);
    return { caseId, officeId: plan.officer.officeId, events: timeline.events, state: timeline.state };
  }
  timeline.run(officer, bookedInAt, {
    type: 'BookDetention',
    data: {
      facilityId: `${plan.officer.officeId}-FAC-${1 + Math.floor(random() * 3)}`,
      bookedInAt: iso(bookedInAt),
    },
  });

  if (random() < (detainedUnit ? 0.2 : 0.04)) {
    const detainerId = syntheticUuid(settings.seed, 'd0d0', 0, plan.index);
    const requestedAt = timeline.after(bookedInAt + between(1, 6) * HOUR_MS);
    if (requestedAt < asOf)
      timeline.run(officer, requestedAt, {
        type: 'RequestDetainer',
        data: {
          detainerId,
          jurisdictionId: `JUR-${plan.officer.officeId}-${1 + Math.floor(random() * 12)}`,
          requestedAt: iso(requestedAt),
        },
      });
    const respondedAt = timeline.after(requestedAt + between(1, 10) * HOUR_MS);
    // Local jurisdictions declined about a third of detainers.
    if (requestedAt < asOf && respondedAt < asOf && random() < 0.8) {
      timeline.run(officer, respondedAt, {
        type: 'RecordDetainerResponse',
        data: {
          detainerId,
          response: random() < 0.35 ? 'DECLINED' : 'HONORED',
          respondedAt: iso(respondedAt),
        },
      });
    }
  }

  if (detainedUnit) {
    detentionOnly(plan, timeline, officer, random, asOf, bookedInAt);
  } else {
    const releasedAt = asOf - releasedAgo;
    releaseFromDetention(plan, timeline, officer, supervisor, random, bookedInAt, releasedAt);
    flagSome(timeline, officer, random, asOf);
    supervise(plan, timeline, officer, random, asOf);
  }
  return { caseId, officeId: plan.officer.officeId, events: timeline.events, state: timeline.state };
}

/**
 * How long ago a detained-unit case was booked, kept out of the minutes in which its RCA deadline
 * would have passed at \`asOf\` without the scheduler having recorded it yet.
 */
function detainedFor(bookedAgo: number): number {
  const window = DEFAULT_CASE_POLICY.riskClassificationWindowMs;
  return bookedAgo >= window && bookedAgo < window + 15 * MINUTE_MS ? bookedAgo + HOUR_MS : bookedAgo;
}

/** A detained-unit case: the RCA done in time (two thirds), or recorded overdue; some removals. */
function detentionOnly(
  plan: CasePlan,
  timeline: CaseTimeline,
  officer: Actor,
  random: () => number,
  asOf: number,
  bookedInAt: number,
): void {
  const between = (from: number, to: number) => from + (to - from) * random();
  const dueAt = bookedInAt + DEFAULT_CASE_POLICY.riskClassificationWindowMs;
  if (random() < 0.67) {
    const completedAt = timeline.after(bookedInAt + between(4, 110) * HOUR_MS);
    if (completedAt < asOf) timeline.run(officer, completedAt, classify(random, completedAt, 'DETAIN'));
  } else {
    const detectedAt = timeline.after(dueAt + between(1, 10) * MINUTE_MS);
    if (detectedAt < asOf) {
      timeline.run(
        SEED_SCHEDULER_ACTOR,
        detectedAt,
        { type: 'RecordRiskClassificationOverdue', data: { dueAt: iso(dueAt) } },
        `RCA:${timeline.caseId}:${iso(dueAt)}`,
      );
      const completedAt = timeline.after(detectedAt + between(1, 48) * HOUR_MS);
      if (completedAt < asOf && random() < 0.5)
        timeline.run(officer, completedAt, classify(random, completedAt, 'DETAIN'));
    }
  }
  if (asOf - bookedInAt > 10 * DAY_MS && random() < 0.15) {
    const scheduledAt = timeline.after(bookedInAt + 8 * DAY_MS);
    const scheduledFor = scheduledAt + between(1, 10) * DAY_MS;
    const country = pick(random, COUNTRIES);
    timeline.run(officer, scheduledAt, {
      type: 'ScheduleRemoval',
      data: { scheduledFor: iso(scheduledFor), destinationCountry: country },
    });
    if (scheduledFor < asOf) {
      timeline.run(
        officer,
        scheduledFor,
        random() < 0.7
          ? { type: 'RecordRemoval', data: { country, removedAt: iso(scheduledFor) } }
          : {
              type: 'RecordRemovalFailure',
              data: { reason: 'TRAVEL_DOCUMENTS_REFUSED', failedAt: iso(scheduledFor) },
            },
      );
    }
  }
}

/**
 * From booking to release: an RCA (sometimes late), and for a DETAIN recommendation — or none —
 * the override the rules ask for: reasons, a narrative, a supervisor's approval.
 */
function releaseFromDetention(
  plan: CasePlan,
  timeline: CaseTimeline,
  officer: Actor,
  supervisor: Actor,
  random: () => number,
  bookedInAt: number,
  releasedAt: number,
): void {
  const between = (from: number, to: number) => from + (to - from) * random();
  const detentionMs = releasedAt - bookedInAt;
  const dueAt = bookedInAt + DEFAULT_CASE_POLICY.riskClassificationWindowMs;
  let recommendation: RcaRecommendation | null = null;
  if (detentionMs > DEFAULT_CASE_POLICY.riskClassificationWindowMs + HOUR_MS && random() < 0.1) {
    const detectedAt = timeline.after(dueAt + between(1, 10) * MINUTE_MS);
    timeline.run(
      SEED_SCHEDULER_ACTOR,
      detectedAt,
      { type: 'RecordRiskClassificationOverdue', data: { dueAt: iso(dueAt) } },
      `RCA:${timeline.caseId}:${iso(dueAt)}`,
    );
  } else {
    const completedAt = timeline.after(bookedInAt + between(0.1, 0.9) * Math.min(detentionMs, 4.5 * DAY_MS));
    const roll = random();
    recommendation = RECOMMENDATIONS.find(({ upTo }) => roll < upTo)?.value ?? 'RELEASE';
    timeline.run(officer, completedAt, classify(random, completedAt, recommendation));
  }

  let overrideRequestId: string | undefined;
  if (recommendation === null || recommendation === 'DETAIN') {
    overrideRequestId = syntheticUuid(timeline.seed, '0e0e', 0, plan.index);
    const requestedAt = timeline.after(releasedAt - between(6, 30) * HOUR_MS);
    timeline.run(officer, requestedAt, {
      type: 'RequestReleaseOverride',
      data: {
        requestId: overrideRequestId,
        reasonCodes: [
          pick(random, [
            'MEDICAL_CONDITION',
            'HUMANITARIAN',
            'PRIMARY_CAREGIVER',
            'COOPERATING_WITNESS',
          ] as const),
        ],
        narrative: pick(random, NARRATIVES),
        requestedAt: iso(requestedAt),
      },
    });
    const decidedAt = timeline.after(requestedAt + between(1, 5) * HOUR_MS);
    timeline.run(supervisor, decidedAt, {
      type: 'DecideReleaseOverride',
      data: { requestId: overrideRequestId, decision: 'APPROVED', decidedAt: iso(decidedAt) },
    });
  }
  const releaseType = pick(random, RELEASE_TYPES);
  if (recommendation === 'SUPERVISOR_REVIEW') {
    // SUPERVISOR_REVIEW means a supervisor decides, before the release and in its terms.
    const determinedAt = timeline.after(releasedAt - between(1, 6) * HOUR_MS);
    timeline.run(supervisor, determinedAt, {
      type: 'RecordCustodyDetermination',
      data: {
        decision: releaseType === 'ATD' ? 'RELEASE_ON_ATD' : 'RELEASE',
        rationale: DETERMINATION_RATIONALE,
        determinedAt: iso(determinedAt),
      },
    });
  }
  const at = timeline.after(releasedAt);
  const intervalDays = pick(random, INTERVAL_DAYS);
  timeline.run(officer, at, {
    type: 'ReleaseSubject',
    data: {
      releaseType,
      releasedAt: iso(at),
      checkInPlan: {
        firstDueAt: iso(at + intervalDays * DAY_MS),
        intervalDays,
        graceHours: pick(random, GRACE_HOURS),
      },
      ...(overrideRequestId === undefined ? {} : { overrideRequestId }),
    },
  });
}

/** A pending case put on the non-detained docket, with its basis, conditions and check-in plan. */
function enrolWithoutDetention(
  timeline: CaseTimeline,
  officer: Actor,
  random: () => number,
  enrolledAt: number,
): void {
  const at = timeline.after(enrolledAt);
  const intervalDays = pick(random, INTERVAL_DAYS);
  timeline.run(officer, at, {
    type: 'EnrolSubject',
    data: {
      basis: pick(random, ENROLMENT_BASES),
      reportingConditions:
        random() < 0.3 ? ['REPORT_IN_PERSON', 'NOTIFY_ADDRESS_CHANGE'] : ['REPORT_IN_PERSON'],
      enrolledAt: iso(at),
      checkInPlan: {
        firstDueAt: iso(at + intervalDays * DAY_MS),
        intervalDays,
        graceHours: pick(random, GRACE_HOURS),
      },
    },
  });
}

/** A few supervised cases carry an officer's priority flag, as the reports' watch lists do. */
function flagSome(timeline: CaseTimeline, officer: Actor, random: () => number, asOf: number): void {
  if (random() >= 0.01) return;
  const flaggedAt = timeline.after(timeline.last + HOUR_MS);
  if (flaggedAt >= asOf) return;
  // A HIGH public-safety RCA may have flagged the case already: only a kind it does not carry.
  const { state } = timeline;
  const carried = state.opened ? (state.priorityFlags ?? {}) : {};
  const kinds = (['NATIONAL_SECURITY', 'PUBLIC_SAFETY', 'OTHER'] as const).filter((kind) => !carried[kind]);
  timeline.run(officer, flaggedAt, {
    type: 'FlagCase',
    data: {
      kind: pick(random, kinds),
      reason: 'Synthetic seed flag: named in a partner agency bulletin.',
      flaggedAt: iso(flaggedAt),
    },
  });
}

/**
 * Check-ins until `asOf`: most on time, about one in ten missed (recorded by the scheduler, the
 * alert acknowledged within the day unless it is recent). Every deadline left pending falls after
 * `asOf`, except a storm case's, which its officer moved into the storm minute.
 */
function supervise(
  plan: CasePlan,
  timeline: CaseTimeline,
  officer: Actor,
  random: () => number,
  asOf: number,
): void {
  const between = (from: number, to: number) => from + (to - from) * random();
  const storm = plan.stormFireAt;
  const graceOf = () => supervisionOf(timeline.state).graceHours * HOUR_MS;
  // A storm case's own history stops early enough for its schedule change to lie before the storm.
  // (A day before it, so that acknowledgements of its earlier alerts are done by then too.)
  const horizon = storm === undefined ? asOf : storm - graceOf() - DAY_MS;

  for (;;) {
    const supervision = supervisionOf(timeline.state);
    const dueAt = Date.parse(supervision.nextCheckInDueAt);
    const fireAt = dueAt + graceOf();
    if (fireAt >= horizon) break;
    const detectedAt = timeline.after(fireAt + between(1, 10) * MINUTE_MS);
    if (random() < 0.1 && detectedAt <= horizon) {
      timeline.run(
        SEED_SCHEDULER_ACTOR,
        detectedAt,
        { type: 'RecordMissedCheckIn', data: { dueAt: supervision.nextCheckInDueAt } },
        `CHECK_IN:${timeline.caseId}:${iso(dueAt)}`,
      );
      const alertId = supervisionOf(timeline.state).openMissedCheckInAlert?.alertId;
      // An alert older than a day is acknowledged, so no escalation is owed at `asOf`.
      const acknowledgedAt =
        detectedAt < asOf - 20 * HOUR_MS ? detectedAt + between(1, 18) * HOUR_MS : undefined;
      if (alertId && acknowledgedAt !== undefined) {
        timeline.run(officer, acknowledgedAt, {
          type: 'AcknowledgeMissedCheckIn',
          data: { alertId, acknowledgedAt: iso(acknowledgedAt) },
        });
      }
      continue;
    }
    const checkedInAt = timeline.after(dueAt - between(0, 48) * HOUR_MS);
    if (checkedInAt > horizon) break;
    timeline.run(officer, checkedInAt, {
      type: 'RecordCheckIn',
      data: { checkedInAt: iso(checkedInAt), method: pick(random, CHECK_IN_METHODS) },
    });
  }

  if (storm !== undefined) {
    const { intervalDays, graceHours } = supervisionOf(timeline.state);
    const changedAt = timeline.after(timeline.last);
    timeline.run(officer, changedAt, {
      type: 'ChangeCheckInSchedule',
      data: {
        intervalDays,
        graceHours,
        nextDueAt: iso(storm - graceHours * HOUR_MS),
        changedAt: iso(changedAt),
      },
    });
    return;
  }
  const roll = random();
  if (roll < 0.01 && plan.colleagues.length > 0) {
    const reassignedAt = timeline.after(timeline.last + between(1, 48) * HOUR_MS);
    const to = pick(random, plan.colleagues);
    if (reassignedAt < asOf && to.officerId !== plan.officer.officerId) {
      timeline.run(officer, reassignedAt, {
        type: 'ReassignCase',
        data: {
          toOfficeId: to.officeId,
          toOfficerId: to.officerId,
          toOfficerRosterOfficeId: to.officeId,
          reason: 'Caseload balancing',
          reassignedAt: iso(reassignedAt),
        },
      });
    }
  } else if (roll < 0.03) {
    const closedAt = timeline.after(timeline.last + between(1, 72) * HOUR_MS);
    if (closedAt < asOf)
      timeline.run(officer, closedAt, {
        type: 'CloseCase',
        data: { reason: pick(random, CLOSURE_REASONS), closedAt: iso(closedAt) },
      });
  }
}

function classify(random: () => number, completedAt: number, recommendation: RcaRecommendation): CaseCommand {
  return {
    type: 'CompleteRiskClassification',
    data: {
      publicSafetyRisk: recommendation === 'DETAIN' ? 'HIGH' : pick(random, ['LOW', 'MEDIUM'] as const),
      flightRisk: recommendation === 'DETAIN' ? pick(random, ['MEDIUM', 'HIGH'] as const) : 'LOW',
      specialVulnerabilities: random() < 0.05 ? ['MEDICAL'] : [],
      recommendation,
      completedAt: iso(completedAt),
    },
  };
}

function supervisionOf(state: CaseState) {
  if (!state.opened || !state.supervision) throw new Error('the seed supervises only released cases');
  return state.supervision;
}

/** The case as it is built: decides each command at its own time and keeps the events. */
class CaseTimeline {
  state: CaseState = initialCaseState;
  readonly events: NewEvent[] = [];
  last = Number.NEGATIVE_INFINITY;

  constructor(
    readonly seed: number,
    private readonly index: number,
    readonly caseId: string,
  ) {}

  /** `at`, or a minute after the previous step if that is later: steps never go back in time. */
  after(at: number): number {
    return Math.max(Math.round(at), this.last + MINUTE_MS);
  }

  /**
   * Decides `command` at `at` as `actor` and appends what it decided. A scheduler's step carries
   * the deadline id as its correlation and causation, as the scheduler records it.
   */
  run(actor: Actor, at: number, command: CaseCommand, deadlineId?: string): void {
    const now = iso(at);
    const decided = decide(command, this.state, { actor, now, policy: DEFAULT_CASE_POLICY });
    for (const event of decided) {
      this.state = evolve(this.state, event);
      const version = this.events.length + 1;
      this.events.push({
        eventId: syntheticUuid(this.seed, 'e7e7', version, this.index),
        type: event.type,
        schemaVersion: event.version,
        data: event.data,
        metadata: {
          actor,
          correlationId: deadlineId ?? syntheticUuid(this.seed, 'c0c0', version, this.index),
          causationId: deadlineId ?? null,
        },
        occurredAt: now,
        recordedAt: now,
      });
    }
    this.last = at;
  }
}

let isoMs = Number.NaN;
let isoText = '';

/** The instant in ISO form; a step formats its time for the command and again for the events, so the last one is kept. */
function iso(ms: number): string {
  if (ms !== isoMs) {
    isoMs = ms;
    isoText = new Date(ms).toISOString();
  }
  return isoText;
}
