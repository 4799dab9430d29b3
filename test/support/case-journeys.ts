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
