import { authSettingsOf, signDevelopmentToken } from '@casetrail/auth';
import { loadConfig } from '@casetrail/config';
import { DEFAULT_CASE_POLICY, type Role } from '@casetrail/domain';
import { pick, randomDateOfBirth, seededRandom } from '../shared/random';

/**
 * Demo data through the public API, so it travels the same path as an officer's commands:
 * a few field offices whose non-detained officers carry far more cases than detained ones.
 * Runs once: an API that already shows caseloads is left as it is. Names are synthetic.
 */
const OFFICES = {
  WAS: 'Washington Field Office',
  ATL: 'Atlanta Field Office',
  SEA: 'Seattle Field Office',
  STP: 'St. Paul Field Office',
} as const;
const GIVEN_NAMES = ['Alex', 'Maria', 'Jun', 'Samir', 'Ana', 'Luis', 'Olga', 'Kwame', 'Mei', 'Tomas'];
const FAMILY_NAMES = ['Rivera', 'Nguyen', 'Haddad', 'Kowalski', 'Mensah', 'Silva', 'Chen', 'Ortiz'];
const COUNTRIES = ['MX', 'GT', 'HN', 'SV', 'VN', 'CN', 'IN', 'BR'];
const DAY_MS = 24 * 60 * 60 * 1000;

const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3000';

interface Written {
  caseId: string;
  requestId?: string;
}

interface DemoUser {
  user: string;
  role?: Role;
}

const tokens = new Map<string, Promise<string>>();

/**
 * The demo's people sign in with development tokens of this deployment's configuration, each
 * working in every demo office.
 */
async function authorizationOf({ user, role = 'OFFICER' }: DemoUser): Promise<string> {
  const key = `${user} ${role}`;
  if (!tokens.has(key)) {
    tokens.set(
      key,
      signDevelopmentToken(authSettingsOf(loadConfig()), { sub: user, role, offices: Object.keys(OFFICES) }),
    );
  }
  return `Bearer ${await tokens.get(key)}`;
}

const ROSTER_ADMIN: DemoUser = { user: 'demo-admin', role: 'ADMIN' };
const POLICY_ADMIN: DemoUser = { user: 'demo-policy-admin', role: 'POLICY_ADMIN' };

async function post(path: string, body: unknown, as?: DemoUser): Promise<Written> {
  const caller = as ?? (path.startsWith('/cases') ? { user: 'demo-seed' } : ROSTER_ADMIN);
  const response = await fetch(`${apiUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: await authorizationOf(caller) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Written;
}

/**
 * The agency's rules, published as policy version 2 by a policy administrator, as an agency would
 * replace the configuration's seed: the history then shows who set them and why.
 */
async function publishDemoPolicy(): Promise<void> {
  const { version: _version, ...policy } = DEFAULT_CASE_POLICY;
  await post(
    '/policies',
    {
      effectiveFrom: new Date().toISOString(),
      rationale:
        'Formal policy replacing guidance communicated orally or by email: the RCA is due five days after booking, ' +
        'alerts escalate after a day, and overrides need a written justification.',
      policy,
    },
    POLICY_ADMIN,
  );
}

async function alreadySeeded(): Promise<boolean> {
  const response = await fetch(`${apiUrl}/caseloads/officers?limit=1`, {
    headers: { authorization: await authorizationOf({ user: 'demo-oversight', role: 'OVERSIGHT' }) },
  });
  if (!response.ok) throw new Error(`GET /caseloads/officers answered ${response.status}`);
  const { items } = (await response.json()) as { items: unknown[] };
  return items.length > 0;
}

async function main(): Promise<void> {
  if (await alreadySeeded()) {
    process.stdout.write('demo seed: data already present, nothing to do\n');
    return;
  }
  await publishDemoPolicy();
  const random = seededRandom(20261123);
  const now = Date.now();
  let cases = 0;
  const washingtonEnrolled: string[] = [];
  for (const [office, name] of Object.entries(OFFICES)) {
    await post('/offices', { officeId: office, name });
    for (let officer = 1; officer <= 3; officer += 1) {
      const detainedUnit = officer === 1;
      const officerId = `${office}-${detainedUnit ? 'DET' : 'ND'}-${String(officer).padStart(3, '0')}`;
      await post('/officers', {
        officerId,
        officeId: office,
        displayName: `Officer ${officerId}`,
        unit: detainedUnit ? 'DETAINED' : 'NON_DETAINED',
      });
      const caseCount = detainedUnit ? 4 + Math.floor(random() * 3) : 8 + Math.floor(random() * 8);
      for (let index = 0; index < caseCount; index += 1) {
        const openedAt = new Date(now - (10 + random() * 50) * DAY_MS).toISOString();
        const { caseId } = await post('/cases', {
          officeId: office,
          officerId,
          subject: {
            givenName: pick(random, GIVEN_NAMES),
            familyName: pick(random, FAMILY_NAMES),
            aNumber: `A${String(100_000_000 + Math.floor(random() * 899_999_999)).slice(0, 9)}`,
            dateOfBirth: randomDateOfBirth(random),
            countryOfCitizenship: pick(random, COUNTRIES),
          },
          openedAt,
        });
        // Most of the non-detained docket was never in ICE custody: enrolled straight from pending.
        if (!detainedUnit && random() < 0.75) {
          await superviseAfterEnrolment(random, caseId, openedAt, now);
          if (office === 'WAS') washingtonEnrolled.push(caseId);
          cases += 1;
          continue;
        }
        const bookedInAt = iso(Date.parse(openedAt) + random() * 2 * DAY_MS);
        await post(`/cases/${caseId}/detentions`, { facilityId: `${office}-FAC-1`, bookedInAt });
        if (random() < 0.1) await requestDetainer(random, caseId, office, bookedInAt);
        if (detainedUnit) {
          // Most detainees are assessed in time; the rest become overdue risk classifications.
          if (random() < 0.7) await classify(caseId, bookedInAt, 'DETAIN');
        } else {
          await superviseAfterRelease(random, caseId, office, officerId, bookedInAt, now);
        }
        cases += 1;
      }
    }
  }
  await transferTwo(washingtonEnrolled);
  await coverAnAbsence(now);
  process.stdout.write(`demo seed: opened ${cases} cases in ${Object.keys(OFFICES).length} offices\n`);
}

/** Two Washington cases sent to Atlanta: one accepted there, one still waiting for Atlanta. */
async function transferTwo([accepted, pending]: string[]): Promise<void> {
  const supervisor: DemoUser = { user: 'demo-supervisor', role: 'SUPERVISOR' };
  for (const caseId of [accepted, pending].filter(Boolean)) {
    const { transferId } = (await post(
      `/cases/${caseId}/transfers`,
      {
        toOfficeId: 'ATL',
        reason: 'The subject moved to Georgia and reports there.',
        requestedAt: iso(Date.now()),
      },
      supervisor,
    )) as Written & { transferId: string };
    if (caseId === accepted)
      await post(
        `/cases/${caseId}/transfers/${transferId}/acceptance`,
        { toOfficerId: 'ATL-ND-002', acceptedAt: iso(Date.now()) },
        supervisor,
      );
  }
}

/** A Washington officer on leave this week, covered by a colleague of the same unit. */
async function coverAnAbsence(now: number): Promise<void> {
  await post(
    '/officers/WAS-ND-002/absences',
    {
      kind: 'LEAVE',
      startsAt: iso(now - DAY_MS),
      endsAt: iso(now + 6 * DAY_MS),
      coveringOfficerId: 'WAS-ND-003',
    },
    { user: 'demo-supervisor', role: 'SUPERVISOR' },
  );
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

async function classify(caseId: string, bookedInAt: string, recommendation: string): Promise<void> {
  await post(`/cases/${caseId}/risk-classifications`, {
    publicSafetyRisk: 'LOW',
    flightRisk: recommendation === 'DETAIN' ? 'HIGH' : 'MEDIUM',
    specialVulnerabilities: [],
    recommendation,
    completedAt: iso(Date.parse(bookedInAt) + DAY_MS),
  });
}

async function requestDetainer(
  random: () => number,
  caseId: string,
  office: string,
  bookedInAt: string,
): Promise<void> {
  const { detainerId } = (await post(`/cases/${caseId}/detainers`, {
    jurisdictionId: `${office}-COUNTY-${1 + Math.floor(random() * 3)}`,
    requestedAt: iso(Date.parse(bookedInAt) + DAY_MS / 2),
  })) as Written & { detainerId: string };
  await post(`/cases/${caseId}/detainers/${detainerId}/response`, {
    response: random() < 0.6 ? 'DECLINED' : 'HONORED',
    respondedAt: iso(Date.parse(bookedInAt) + DAY_MS),
  });
}

/**
 * Assessed, released (some against a DETAIN recommendation, with a supervisor-approved
 * justification), then weekly check-ins until, for some, they stop: the scheduler then records
 * the missed check-in and the alert appears.
 */
async function superviseAfterRelease(
  random: () => number,
  caseId: string,
  office: string,
  officerId: string,
  bookedInAt: string,
  now: number,
): Promise<void> {
  const againstAssessment = random() < 0.15;
  const supervisorReview = !againstAssessment && random() < 0.2;
  await classify(
    caseId,
    bookedInAt,
    againstAssessment ? 'DETAIN' : supervisorReview ? 'SUPERVISOR_REVIEW' : 'RELEASE_ON_ATD',
  );
  const booked = Date.parse(bookedInAt);
  if (supervisorReview) {
    await post(
      `/cases/${caseId}/custody-determinations`,
      {
        decision: 'RELEASE_ON_ATD',
        rationale:
          'Medium flight risk offset by a verified fixed address, a sponsor and GPS monitoring; no criminal history; release on ATD with weekly reporting.',
        determinedAt: iso(booked + 2 * DAY_MS),
      },
      { user: `${office}-SUP-001`, role: 'SUPERVISOR' },
    );
  }
  let overrideRequestId: string | undefined;
  if (againstAssessment) {
    const officer: DemoUser = { user: officerId };
    const { requestId } = await post(
      `/cases/${caseId}/release-override-requests`,
      {
        reasonCodes: [pick(random, ['MEDICAL_CONDITION', 'PRIMARY_CAREGIVER', 'DETENTION_CAPACITY'])],
        narrative:
          'Subject is the sole caregiver of two minor children; enrolled in ATD with GPS monitoring, verified fixed address and sponsor.',
        requestedAt: iso(booked + 1.5 * DAY_MS),
      },
      officer,
    );
    overrideRequestId = requestId;
    await post(
      `/cases/${caseId}/release-override-requests/${requestId}/decision`,
      { decision: 'APPROVED', decidedAt: iso(booked + 2 * DAY_MS) },
      { user: `${office}-SUP-001`, role: 'SUPERVISOR' },
    );
  }
  const releasedAt = booked + 3 * DAY_MS;
  const firstDueAt = releasedAt + 7 * DAY_MS;
  await post(`/cases/${caseId}/releases`, {
    releaseType: againstAssessment ? 'OWN_RECOGNIZANCE' : 'ATD',
    releasedAt: iso(releasedAt),
    checkInPlan: { firstDueAt: iso(firstDueAt), intervalDays: 7, graceHours: 24 },
    ...(overrideRequestId ? { overrideRequestId } : {}),
  });
  await checkInWeekly(random, caseId, firstDueAt, now);
}

/**
 * Enrolled on recognizance, parole or a judge's bond, never detained; a few carry a priority flag.
 * Then weekly check-ins, as after a release.
 */
async function superviseAfterEnrolment(
  random: () => number,
  caseId: string,
  openedAt: string,
  now: number,
): Promise<void> {
  const enrolledAt = Date.parse(openedAt) + DAY_MS / 2;
  const firstDueAt = enrolledAt + 7 * DAY_MS;
  await post(`/cases/${caseId}/enrolment`, {
    basis: pick(random, ['ORDER_OF_RECOGNIZANCE', 'ORDER_OF_RECOGNIZANCE', 'PAROLE', 'BOND_SET_BY_JUDGE']),
    reportingConditions: ['REPORT_IN_PERSON', 'NOTIFY_ADDRESS_CHANGE'],
    enrolledAt: iso(enrolledAt),
    checkInPlan: { firstDueAt: iso(firstDueAt), intervalDays: 7, graceHours: 24 },
  });
  if (random() < 0.1) {
    await post(`/cases/${caseId}/flags`, {
      kind: pick(random, ['NATIONAL_SECURITY', 'PUBLIC_SAFETY']),
      reason: 'Named in a partner agency bulletin (demo data).',
      flaggedAt: iso(enrolledAt + DAY_MS),
    });
  }
  await checkInWeekly(random, caseId, firstDueAt, now);
}

/** Weekly check-ins until, for some, they stop: the scheduler then records the miss. */
async function checkInWeekly(
  random: () => number,
  caseId: string,
  firstDueAt: number,
  now: number,
): Promise<void> {
  for (let due = firstDueAt; due < now - DAY_MS && random() < 0.9; due += 7 * DAY_MS) {
    await post(`/cases/${caseId}/check-ins`, {
      checkedInAt: iso(due - random() * DAY_MS),
      method: pick(random, ['IN_PERSON', 'PHONE', 'APP']),
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
