import { eventually, officeCallers, postJson, prepareSystem, startAppProcess } from '@casetrail/testing';
import type { AppProcess, OfficeCaller, TestDatabase } from '@casetrail/testing';
import { subject } from '@casetrail/domain/case/case.test-data';
import { iso, openDetainedCase, type PostAs } from './support/case-journeys';

/**
 * A case moves between offices on the running processes: Washington asks, Atlanta's supervisor
 * accepts, and the case leaves one caseload for the other only then.
 */
describe('a transfer between offices', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let baseUrl: string;
  let apps: AppProcess[] = [];
  let washington: Record<OfficeCaller, Record<string, string>>;
  let atlanta: Record<OfficeCaller, Record<string, string>>;

  beforeAll(async () => {
    washington = await officeCallers('WAS');
    atlanta = await officeCallers('ATL');
    ({ database, baseUrl, env } = await prepareSystem());
    // The relay creates the topics; it must come up before anything reads them.
    const relay = await startAppProcess('relay', env);
    apps = [relay, ...(await Promise.all([startAppProcess('api', env), startAppProcess('projector', env)]))];
    for (const [officeId, name, officerId] of [
      ['WAS', 'Washington Field Office', 'WAS-DET-001'],
      ['ATL', 'Atlanta Field Office', 'ATL-DET-001'],
    ]) {
      await postAs(washington.admin)('/offices', { officeId, name });
      await postAs(washington.admin)('/officers', {
        officerId,
        officeId,
        displayName: officerId,
        unit: 'DETAINED',
      });
    }
  }, 90_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await database?.drop();
  }, 30_000);

  const postAs =
    (headers: Record<string, string>): PostAs =>
    async (path, body) => {
      const response = await postJson<{ caseId: string }>(`${baseUrl}${path}`, body, headers);
      if (response.status >= 300)
        throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };

  const get = async <T>(path: string, headers: Record<string, string>): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, { headers });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  const detainedOf = async (officeId: string, headers: Record<string, string>) => {
    const { items } = await get<{ items: { officerId: string; detained: number }[] }>(
      `/caseloads/officers?officeId=${officeId}`,
      headers,
    );
    return Object.fromEntries(items.map((item) => [item.officerId, item.detained]));
  };

  const transfersOf = (query: string, headers: Record<string, string>) =>
    get<{ items: { caseId: string; transferId: string; status: string }[] }>(`/transfers?${query}`, headers);

  it('moves the case into the receiving office’s caseload once its supervisor accepts', async () => {
    const caseId = await openDetainedCase(postAs(washington.officer), {
      officeId: 'WAS',
      officerId: 'WAS-DET-001',
      subject,
    });
    const { transferId } = (await postAs(washington.officer)(`/cases/${caseId}/transfers`, {
      toOfficeId: 'ATL',
      reason: 'Subject moved to the Atlanta area.',
      requestedAt: iso(Date.now()),
    })) as { caseId: string; transferId?: string };

    // Pending: Atlanta sees it coming, the case is still Washington's.
    await eventually(async () =>
      expect(
        (await transfersOf('officeId=ATL&direction=incoming&status=PENDING', atlanta.supervisor)).items,
      ).toEqual([expect.objectContaining({ caseId, transferId })]),
    );
    expect(await detainedOf('WAS', washington.supervisor)).toEqual({ 'WAS-DET-001': 1 });
    expect(await detainedOf('ATL', atlanta.supervisor)).toEqual({});

    await postAs(atlanta.supervisor)(`/cases/${caseId}/transfers/${transferId}/acceptance`, {
      toOfficerId: 'ATL-DET-001',
      acceptedAt: iso(Date.now()),
    });

    await eventually(async () =>
      expect(await detainedOf('ATL', atlanta.supervisor)).toEqual({ 'ATL-DET-001': 1 }),
    );
    expect(await detainedOf('WAS', washington.supervisor)).toEqual({ 'WAS-DET-001': 0 });
    expect((await transfersOf('officeId=WAS&direction=outgoing', washington.supervisor)).items).toEqual([
      expect.objectContaining({ caseId, transferId, status: 'ACCEPTED' }),
    ]);
    const moved = await get<{ state: { officeId: string; officerId: string } }>(
      `/cases/${caseId}`,
      atlanta.officer,
    );
    expect(moved.state).toMatchObject({ officeId: 'ATL', officerId: 'ATL-DET-001' });
  }, 60_000);
});
