/** A POST through the api as a test's caller; throws unless it answered 2xx. */
export type PostAs = (path: string, body: unknown) => Promise<{ caseId: string }>;

export const iso = (ms: number) => new Date(ms).toISOString();

/** Opens a case a second ago and books its subject into detention now; answers the case id. */
export async function openDetainedCase(
  post: PostAs,
  opening: { officeId: string; officerId: string; subject: object },
): Promise<string> {
  const now = Date.now();
  const { caseId } = await post('/cases', { ...opening, openedAt: iso(now - 1_000) });
  await post(`/cases/${caseId}/detentions`, { facilityId: 'FAC-1', bookedInAt: iso(now) });
  return caseId;
}

/**
 * Assesses a detained case RELEASE and releases the subject at once, the first check-in due
 * `dueInMs` from now with no grace, so the scheduler misses it right then; answers its due time.
 */
export async function releaseWithFirstCheckInDue(
  post: PostAs,
  caseId: string,
  dueInMs: number,
): Promise<string> {
  const now = Date.now();
  await post(`/cases/${caseId}/risk-classifications`, {
    publicSafetyRisk: 'LOW',
    flightRisk: 'LOW',
    specialVulnerabilities: [],
    recommendation: 'RELEASE',
    completedAt: iso(now),
  });
  const dueAt = iso(now + dueInMs);
  await post(`/cases/${caseId}/releases`, {
    releaseType: 'BOND',
    releasedAt: iso(now),
    checkInPlan: { firstDueAt: dueAt, intervalDays: 7, graceHours: 0 },
  });
  return dueAt;
}

/**
 * Opens a case a second ago and enrols it on the non-detained docket now, never detained, the
 * first check-in due `dueInMs` from now with no grace; answers the case id and that due time.
 */
export async function enrolWithFirstCheckInDue(
  post: PostAs,
  opening: { officeId: string; officerId: string; subject: object },
  dueInMs: number,
): Promise<{ caseId: string; dueAt: string }> {
  const now = Date.now();
  const { caseId } = await post('/cases', { ...opening, openedAt: iso(now - 1_000) });
  const dueAt = iso(now + dueInMs);
  await post(`/cases/${caseId}/enrolment`, {
    basis: 'ORDER_OF_RECOGNIZANCE',
    reportingConditions: ['REPORT_IN_PERSON'],
    enrolledAt: iso(now),
    checkInPlan: { firstDueAt: dueAt, intervalDays: 7, graceHours: 0 },
  });
  return { caseId, dueAt };
}
