import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CaseRepository } from '@casetrail/case-commands';
import {
  DEFAULT_CASE_POLICY,
  missedCheckInAlertId,
  type AbscondingDecision,
  type CustodyDecision,
  type OverrideDecision,
  type PolicyDocument,
  type RcaRecommendation,
} from '@casetrail/domain';
import { determinationRationale } from '@casetrail/domain/case/case.docket.test-data';
import type { TokenClaims } from '@casetrail/auth';
import {
  compileApp,
  createTestDatabase,
  TEST_OFFICER,
  testToken,
  uniqueTopicPrefix,
  type TestDatabase,
} from '@casetrail/testing';
import { ApiModule } from './api.module';
import { configureApi } from './api.setup';

/** The people the api tests act as; each signs in with a token of the default configuration. */
export const TEST_CALLERS = {
  officer: TEST_OFFICER,
  officerA: { sub: 'officer-a', role: 'OFFICER', offices: ['WAS', 'ATL'] },
  officerB: { sub: 'officer-b', role: 'OFFICER', offices: ['WAS', 'ATL'] },
  supervisor: { sub: 'supervisor-9', role: 'SUPERVISOR', offices: ['WAS', 'ATL'] },
  supervisorB: { sub: 'supervisor-b', role: 'SUPERVISOR', offices: ['WAS', 'ATL'] },
  /** officer-a, who asks for overrides, signed in as a supervisor. */
  officerAAsSupervisor: { sub: 'officer-a', role: 'SUPERVISOR', offices: ['WAS', 'ATL'] },
  /** supervisor-b, who decides overrides, signed in as an officer. */
  supervisorBAsOfficer: { sub: 'supervisor-b', role: 'OFFICER', offices: ['WAS', 'ATL'] },
  /** An officer of the Washington office alone. */
  officerOfWas: { sub: 'officer-was', role: 'OFFICER', offices: ['WAS'] },
  /** A supervisor of the Washington office alone: the sending side of a transfer to Atlanta. */
  supervisorOfWas: { sub: 'supervisor-was', role: 'SUPERVISOR', offices: ['WAS'] },
  /** A supervisor of the Atlanta office alone: the receiving side of a transfer from Washington. */
  supervisorOfAtl: { sub: 'supervisor-atl', role: 'SUPERVISOR', offices: ['ATL'] },
  /** A supervisor of the Seattle office, which none of the test cases belong to. */
  supervisorOfSea: { sub: 'supervisor-sea', role: 'SUPERVISOR', offices: ['SEA'] },
  oversight: { sub: 'oversight-1', role: 'OVERSIGHT', offices: [] },
  admin: { sub: 'admin-1', role: 'ADMIN', offices: [] },
  policyAdmin: { sub: 'policy-admin-1', role: 'POLICY_ADMIN', offices: [] },
} as const satisfies Record<string, TokenClaims>;

export type TestCallerName = keyof typeof TEST_CALLERS;

export interface ApiTestContext {
  app: INestApplication;
  database: TestDatabase;
  db: DataSource;
  tokens: Record<TestCallerName, string>;
  close(): Promise<void>;
}

/** The real api pipeline (validation, filters, handlers) on a fresh database. */
export async function startApi(settings: Record<string, string> = {}): Promise<ApiTestContext> {
  const database = await createTestDatabase();
  const moduleRef = await compileApp(ApiModule, {
    DATABASE_URL: database.url,
    KAFKA_TOPIC_PREFIX: uniqueTopicPrefix(),
    ...settings,
  });
  const app = configureApi(moduleRef.createNestApplication({ bodyParser: false, logger: false }));
  await app.init();
  await seedRoster(app.get(DataSource));
  const tokens = Object.fromEntries(
    await Promise.all(
      Object.entries(TEST_CALLERS).map(async ([name, claims]) => [name, await testToken(claims)] as const),
    ),
  ) as Record<TestCallerName, string>;
  return {
    app,
    database,
    db: app.get(DataSource),
    tokens,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export const validOpenCaseBody = () => ({
  officeId: 'WAS',
  officerId: 'WAS-DET-001',
  subject: {
    givenName: 'Ana',
    familyName: 'Example',
    aNumber: 'A123456789',
    dateOfBirth: '1990-01-31',
    countryOfCitizenship: 'MX',
  },
  openedAt: '2026-11-20T09:00:00Z',
});

/** A whole policy, taking effect a minute from now, with a rationale long enough to publish. */
export const validPolicyBody = (policy: Partial<PolicyDocument> = {}, effectiveFrom?: string) => {
  const { version: _version, ...defaults } = DEFAULT_CASE_POLICY;
  return {
    effectiveFrom: effectiveFrom ?? new Date(Date.now() + 60_000).toISOString(),
    rationale:
      'The Inspector General recommended a formal written policy for risk classification timing; this version records it.',
    policy: { ...defaults, ...policy },
  };
};

export async function countEvents(db: DataSource): Promise<number> {
  const [{ count }]: { count: string }[] = await db.query('SELECT count(*) FROM events');
  return Number(count);
}

/** The offices and officers the api tests assign cases to. */
export const TEST_ROSTER = {
  WAS: ['WAS-DET-001', 'WAS-DET-002', 'WAS-ND-001'],
  ATL: ['ATL-ND-001'],
} as const;

async function seedRoster(db: DataSource): Promise<void> {
  for (const [officeId, officers] of Object.entries(TEST_ROSTER)) {
    await db.query('INSERT INTO offices (office_id, name) VALUES ($1, $2)', [
      officeId,
      `${officeId} field office`,
    ]);
    for (const officerId of officers) {
      await db.query(
        'INSERT INTO officers (officer_id, office_id, display_name, unit) VALUES ($1, $2, $3, $4)',
        [officerId, officeId, officerId, officerId.includes('-DET-') ? 'DETAINED' : 'NON_DETAINED'],
      );
    }
  }
}

/** Requests to the api as one of TEST_CALLERS (by default an officer of WAS and ATL). */
export const http = (api: ApiTestContext, as: TestCallerName = 'officer') =>
  request.agent(api.app.getHttpServer()).set('Authorization', `Bearer ${api.tokens[as]}`);

/** Requests to the api without a token. */
export const anonymousHttp = (api: ApiTestContext) => request(api.app.getHttpServer());

/** One case's business times, in the order things happen, all in the past. */
export const AT = {
  opened: '2026-11-20T09:00:00Z',
  bookedIn: '2026-11-20T10:00:00Z',
  rcaCompleted: '2026-11-20T12:00:00Z',
  overrideRequested: '2026-11-20T13:00:00Z',
  overrideDecided: '2026-11-20T14:00:00Z',
  released: '2026-11-20T15:00:00Z',
  checkedIn: '2026-11-21T08:30:00Z',
  firstCheckInDue: '2026-11-21T09:00:00Z',
  /** firstCheckInDue + the 24 grace hours: from here the first check-in counts as missed. */
  firstCheckInMissed: '2026-11-22T09:00:00Z',
  later: '2026-11-22T10:00:00Z',
} as const;

export const FAR_FUTURE = '2999-01-01T00:00:00Z';

/** 120 characters: specific enough to pass the 100-character floor. */
export const OVERRIDE_NARRATIVE =
  'Subject is the sole caregiver of two children under five; the county confirmed no other guardian ' +
  'is available this week.';

export const validBookingBody = () => ({ facilityId: 'FAC-1', bookedInAt: AT.bookedIn });

export const validRiskClassificationBody = (recommendation: RcaRecommendation = 'RELEASE') => ({
  publicSafetyRisk: 'LOW',
  flightRisk: 'MEDIUM',
  specialVulnerabilities: ['PRIMARY_CAREGIVER'],
  recommendation,
  completedAt: AT.rcaCompleted,
});

export const validOverrideRequestBody = () => ({
  reasonCodes: ['PRIMARY_CAREGIVER', 'HUMANITARIAN'],
  narrative: OVERRIDE_NARRATIVE,
  requestedAt: AT.overrideRequested,
});

export const validOverrideDecisionBody = (decision: OverrideDecision = 'APPROVED') => ({
  decision,
  decidedAt: AT.overrideDecided,
  comment: 'Caregiver status confirmed with the county.',
});

export const validReleaseBody = (overrideRequestId?: string) => ({
  releaseType: 'OWN_RECOGNIZANCE',
  releasedAt: AT.released,
  checkInPlan: { firstDueAt: AT.firstCheckInDue, intervalDays: 7, graceHours: 24 },
  ...(overrideRequestId === undefined ? {} : { overrideRequestId }),
});

export const validCheckInPlanBody = () => ({
  intervalDays: 14,
  graceHours: 12,
  nextDueAt: '2026-12-05T09:00:00Z',
  changedAt: AT.later,
});

export const validCheckInBody = () => ({ checkedInAt: AT.checkedIn, method: 'IN_PERSON' });

export const validAcknowledgementBody = () => ({ acknowledgedAt: AT.later });

/** 120 characters: past the narrative floor an excusal note shares. */
export const EXCUSAL_NOTE =
  'The subject was admitted to hospital on the morning of the appointment; the discharge papers are on file at ' +
  'the office.';
export const validExcusalBody = () => ({ reasonCode: 'MEDICAL', note: EXCUSAL_NOTE, excusedAt: AT.later });
export const validExcusalReopeningBody = () => ({
  reason: 'The hospital has no record of the admission.',
  reopenedAt: AT.later,
});
export const validMissConfirmationBody = () => ({ confirmedAt: AT.later });

export const validReassignmentBody = () => ({
  toOfficeId: 'WAS',
  toOfficerId: 'WAS-ND-001',
  reason: 'Subject released to the non-detained docket.',
  reassignedAt: AT.later,
});

export const validTransferRequestBody = () => ({
  toOfficeId: 'ATL',
  reason: 'Subject moved to the Atlanta area.',
  requestedAt: AT.later,
});

export const validTransferAcceptanceBody = () => ({ toOfficerId: 'ATL-ND-001', acceptedAt: AT.later });

export const validTransferDeclineBody = () => ({
  reason: 'No capacity on the non-detained docket this month.',
  declinedAt: AT.later,
});

export const validTransferWithdrawalBody = () => ({ withdrawnAt: AT.later });

export const validDetainerBody = () => ({ jurisdictionId: 'VA-FAIRFAX-COUNTY', requestedAt: AT.bookedIn });

export const validDetainerResponseBody = () => ({ response: 'DECLINED', respondedAt: AT.later });

export const validRemovalBody = () => ({ scheduledFor: '2026-12-15T06:00:00Z', destinationCountry: 'MX' });

export const validRemovalFailureBody = () => ({
  reason: 'TRAVEL_DOCUMENTS_REFUSED',
  details: 'Consulate declined to issue travel documents.',
  failedAt: AT.later,
});

export const validRemovalCompletionBody = () => ({ country: 'MX', removedAt: AT.later });

export const validClosureBody = () => ({ reason: 'RELIEF_GRANTED', closedAt: AT.later });

/** Enrolled on the non-detained docket at AT.released, with the same check-in plan as a release. */
export const validEnrolmentBody = () => ({
  basis: 'ORDER_OF_RECOGNIZANCE',
  reportingConditions: ['REPORT_IN_PERSON', 'NOTIFY_ADDRESS_CHANGE'],
  enrolledAt: AT.released,
  checkInPlan: { firstDueAt: AT.firstCheckInDue, intervalDays: 7, graceHours: 24 },
});

export const validCustodyDeterminationBody = (decision: CustodyDecision = 'RELEASE') => ({
  decision,
  rationale: determinationRationale,
  determinedAt: AT.overrideDecided,
});

/** 131 characters: past the same floor as an override's narrative. */
export const ABSCONDING_NARRATIVE =
  'Three home visits found the address vacant, the sponsor has not seen the subject since November ' +
  'and the phone number is disconnected.';

export const validAbscondingDeterminationBody = (decision: AbscondingDecision = 'ABSCONDED') => ({
  decision,
  narrative: ABSCONDING_NARRATIVE,
  determinedAt: AT.later,
});

export const validFlagBody = () => ({
  kind: 'NATIONAL_SECURITY',
  reason: 'Named in a partner agency bulletin.',
  flaggedAt: AT.later,
});

export const validFlagClearanceBody = () => ({ reason: 'The bulletin was withdrawn.', clearedAt: AT.later });

/** The officer who asks for release overrides in the tests, and the supervisor who decides them. */
export const OFFICER_A = TEST_CALLERS.officerA.sub;
export const SUPERVISOR_B = TEST_CALLERS.supervisorB.sub;

const created = async (test: request.Test): Promise<Record<string, string>> =>
  (await test.expect(201)).body as Record<string, string>;

/** A case on the PENDING docket. */
export async function openCase(api: ApiTestContext): Promise<string> {
  return (await created(http(api).post('/cases').send(validOpenCaseBody()))).caseId;
}

/** A case on the DETAINED docket with no RCA done yet. */
export async function openDetainedCase(api: ApiTestContext): Promise<string> {
  const caseId = await openCase(api);
  await created(http(api).post(`/cases/${caseId}/detentions`).send(validBookingBody()));
  return caseId;
}

/** A detained subject whose RCA recommends `recommendation`. */
export async function openClassifiedCase(
  api: ApiTestContext,
  recommendation: RcaRecommendation,
): Promise<string> {
  const caseId = await openDetainedCase(api);
  await created(
    http(api).post(`/cases/${caseId}/risk-classifications`).send(validRiskClassificationBody(recommendation)),
  );
  return caseId;
}

/** A case on the NON_DETAINED docket: released as its RCA recommends, first check-in due AT.firstCheckInDue. */
export async function openSupervisedCase(api: ApiTestContext): Promise<string> {
  const caseId = await openClassifiedCase(api, 'RELEASE');
  await created(http(api).post(`/cases/${caseId}/releases`).send(validReleaseBody()));
  return caseId;
}

/** A case enrolled on the NON_DETAINED docket without a detention, first check-in due AT.firstCheckInDue. */
export async function openEnrolledCase(api: ApiTestContext): Promise<string> {
  const caseId = await openCase(api);
  await created(http(api).post(`/cases/${caseId}/enrolment`).send(validEnrolmentBody()));
  return caseId;
}

export async function openClosedCase(api: ApiTestContext): Promise<string> {
  const caseId = await openCase(api);
  await created(http(api).post(`/cases/${caseId}/closure`).send(validClosureBody()));
  return caseId;
}

/** OFFICER_A asks to release against the RCA; answers the request id. */
export async function requestOverride(api: ApiTestContext, caseId: string): Promise<string> {
  const body = await created(
    http(api, 'officerA').post(`/cases/${caseId}/release-override-requests`).send(validOverrideRequestBody()),
  );
  return body.requestId;
}

/** SUPERVISOR_B decides an override request. */
export async function decideOverride(
  api: ApiTestContext,
  caseId: string,
  requestId: string,
  decision: OverrideDecision,
): Promise<void> {
  await created(
    http(api, 'supervisorB')
      .post(`/cases/${caseId}/release-override-requests/${requestId}/decision`)
      .send(validOverrideDecisionBody(decision)),
  );
}

/** The case's office (an officer of WAS and ATL) asks ATL to take the case; answers the transfer id. */
export async function requestTransfer(api: ApiTestContext, caseId: string): Promise<string> {
  const body = await created(http(api).post(`/cases/${caseId}/transfers`).send(validTransferRequestBody()));
  return body.transferId;
}

/** A detained case of WAS with a transfer to ATL waiting for Atlanta's answer. */
export async function openCaseWithPendingTransfer(
  api: ApiTestContext,
): Promise<{ caseId: string; transferId: string }> {
  const caseId = await openDetainedCase(api);
  return { caseId, transferId: await requestTransfer(api, caseId) };
}

/** Records the miss of the check-in due at `dueAt` as the scheduler does; answers the alert id. */
export async function recordMissedCheckIn(
  api: ApiTestContext,
  caseId: string,
  dueAt: string = AT.firstCheckInDue,
): Promise<string> {
  await api.app
    .get(CaseRepository)
    .execute(
      caseId,
      { type: 'RecordMissedCheckIn', data: { dueAt } },
      { actor: { userId: 'scheduler', role: 'ADMIN' }, correlationId: randomUUID() },
    );
  return missedCheckInAlertId(caseId, dueAt);
}

export interface StoredCaseEvent {
  type: string;
  streamVersion: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  occurredAt: string;
  recordedAt: string;
}

/** The case's latest stored event, as the event store holds it. */
export async function lastEvent(db: DataSource, caseId: string): Promise<StoredCaseEvent> {
  const rows: {
    event_type: string;
    stream_version: number;
    data: Record<string, unknown>;
    metadata: Record<string, unknown>;
    occurred_at: Date;
    recorded_at: Date;
  }[] = await db.query(
    `SELECT event_type, stream_version, data, metadata, occurred_at, recorded_at FROM events
     WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1`,
    [caseId],
  );
  const row = rows.at(0);
  if (!row) throw new Error(`no events stored for case ${caseId}`);
  return {
    type: row.event_type,
    streamVersion: row.stream_version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
  };
}

export interface ProblemBody {
  status: number;
  code: string;
  errors?: { field: string; messages: string[] }[];
}

/** Sends a request that must be refused with `status` and `code`, and checks nothing was stored. */
export async function expectRefused(
  api: ApiTestContext,
  test: PromiseLike<request.Response>,
  status: number,
  code: string,
): Promise<ProblemBody> {
  const before = await countEvents(api.db);
  const response = await test;
  expect({ status: response.status, code: (response.body as ProblemBody).code }).toEqual({ status, code });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(await countEvents(api.db)).toBe(before);
  return response.body as ProblemBody;
}

/** A problem without what differs from one request to the next (the path and the correlation id). */
export function withoutRequestFields(problem: object): object {
  const { instance: _instance, correlationId: _correlationId, ...rest } = problem as Record<string, unknown>;
  return rest;
}

/** Sends a malformed request: 400 REQUEST.INVALID naming `field`, nothing stored. */
export async function expectInvalid(
  api: ApiTestContext,
  test: PromiseLike<request.Response>,
  field: string,
): Promise<void> {
  const problem = await expectRefused(api, test, 400, 'REQUEST.INVALID');
  expect((problem.errors ?? []).map((error) => error.field)).toContain(field);
}
