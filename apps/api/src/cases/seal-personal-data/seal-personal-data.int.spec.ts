import type { DataSource } from 'typeorm';
import { http, startApi, validBookingBody, validOpenCaseBody, type ApiTestContext } from '@api/api.test-kit';

const PERSONAL = {
  givenName: 'Zelinda',
  familyName: 'Quarrington',
  aNumber: 'A987654321',
  dateOfBirth: '1984-02-29',
};

/** Every row of every table of the database, as text: "anywhere" the api could have put a value. */
async function everythingStored(db: DataSource): Promise<string> {
  const tables: { schema: string; name: string }[] = await db.query(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const dumps = await Promise.all(
    tables.map(async ({ schema, name }) => {
      const rows: { row: string }[] = await db.query(`SELECT t::text AS row FROM "${schema}"."${name}" t`);
      return rows.map((r) => r.row).join('\n');
    }),
  );
  return dumps.join('\n');
}

describe('POST /cases/:caseId/personal-data/seal', () => {
  let api: ApiTestContext;
  let caseId: string;

  beforeAll(async () => {
    api = await startApi();
    const opened = await http(api)
      .post('/cases')
      .send({ ...validOpenCaseBody(), subject: { ...PERSONAL, countryOfCitizenship: 'GT' } })
      .expect(201);
    caseId = (opened.body as { caseId: string }).caseId;
    await http(api).post(`/cases/${caseId}/detentions`).send(validBookingBody()).expect(201);
  });

  afterAll(async () => {
    await api.close();
  });

  const subjectShown = async (): Promise<Record<string, string>> => {
    const response = await http(api, 'supervisor').get(`/cases/${caseId}/events`).expect(200);
    const [opened] = (response.body as { items: { data: { subject: Record<string, string> } }[] }).items;
    return opened.data.subject;
  };

  it('stores personal data only encrypted: no table holds a name, A-number or date of birth', async () => {
    const stored = await everythingStored(api.db);
    for (const value of Object.values(PERSONAL)) expect(stored).not.toContain(value);
    expect(stored).toContain('enc:v1:');
  });

  it('shows the subject to a reader of the case while the key exists', async () => {
    expect(await subjectShown()).toEqual({ ...PERSONAL, countryOfCitizenship: 'GT' });
  });

  it('is the administrator’s alone', async () => {
    await http(api).post(`/cases/${caseId}/personal-data/seal`).expect(403);
    await http(api, 'supervisor').post(`/cases/${caseId}/personal-data/seal`).expect(403);
    expect((await subjectShown()).aNumber).toBe(PERSONAL.aNumber);
  });

  it('refuses a case id that is not a UUID with a 400 problem, sealing nothing', async () => {
    const response = await http(api, 'admin').post('/cases/not-a-case/personal-data/seal').expect(400);
    expect(response.body).toMatchObject({ code: 'REQUEST.INVALID', errors: [{ field: 'caseId' }] });
    const sealed: unknown[] = await api.db.query('SELECT 1 FROM subject_keys WHERE wrapped_key IS NULL');
    expect(sealed).toEqual([]);
  });

  it('answers 404 for a case that does not exist', async () => {
    await http(api, 'admin')
      .post('/cases/8d8f7b5e-0000-4000-8000-000000000000/personal-data/seal')
      .expect(404);
  });

  it('once sealed, shows the personal fields redacted, keeps the history, and the key is gone', async () => {
    await http(api, 'admin')
      .post(`/cases/${caseId}/personal-data/seal`)
      .expect(200, { caseId, sealed: true });
    expect(await subjectShown()).toEqual({
      givenName: '[sealed]',
      familyName: '[sealed]',
      aNumber: '[sealed]',
      dateOfBirth: '[sealed]',
      countryOfCitizenship: 'GT',
    });
    const history = await http(api, 'supervisor').get(`/cases/${caseId}/events`).expect(200);
    expect((history.body as { items: unknown[] }).items).toHaveLength(2);
    const [key]: { wrapped_key: Buffer | null; destroyed_by: string }[] = await api.db.query(
      'SELECT wrapped_key, destroyed_by FROM subject_keys WHERE case_id = $1',
      [caseId],
    );
    expect(key).toEqual({ wrapped_key: null, destroyed_by: 'admin-1' });
  });

  it('answers the same when sealed again', async () => {
    await http(api, 'admin')
      .post(`/cases/${caseId}/personal-data/seal`)
      .expect(200, { caseId, sealed: true });
  });
});
