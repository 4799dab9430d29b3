import {
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openSupervisedCase,
  recordMissedCheckIn,
  startApi,
  validAcknowledgementBody,
  validCheckInBody,
  type ApiTestContext,
} from '@api/api.test-kit';

describe('POST /cases/:caseId/alerts/:alertId/acknowledgement', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const acknowledge = (caseId: string, alertId: string, body: object = validAcknowledgementBody()) =>
    http(api)
      .post(`/cases/${caseId}/alerts/${encodeURIComponent(alertId)}/acknowledgement`)
      .send(body);

  async function missedCheckIn(): Promise<{ caseId: string; alertId: string }> {
    const caseId = await openSupervisedCase(api);
    return { caseId, alertId: await recordMissedCheckIn(api, caseId) };
  }

  describe('when a check-in was missed', () => {
    it('records the acknowledgement of the open alert', async () => {
      const { caseId, alertId } = await missedCheckIn();
      const response = await acknowledge(caseId, alertId).set('X-Correlation-Id', 'ack-1').expect(201);

      expect(response.headers.etag).toBe('"6"');
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'MissedCheckInAcknowledged',
        streamVersion: 6,
        data: {
          caseId,
          alertId: `mci:${caseId}:2026-11-21T09:00:00.000Z`,
          acknowledgedBy: 'officer-7',
          acknowledgedAt: '2026-11-22T10:00:00.000Z',
        },
        metadata: { actor: { userId: 'officer-7', role: 'OFFICER' }, correlationId: 'ack-1' },
        occurredAt: '2026-11-22T10:00:00.000Z',
      });
    });

    it('accepts the alert id unencoded', async () => {
      const { caseId, alertId } = await missedCheckIn();
      await http(api)
        .post(`/cases/${caseId}/alerts/${alertId}/acknowledgement`)
        .send(validAcknowledgementBody())
        .expect(201);
      expect((await lastEvent(api.db, caseId)).data).toMatchObject({ alertId });
    });

    it('refuses a second acknowledgement with 409', async () => {
      const { caseId, alertId } = await missedCheckIn();
      await acknowledge(caseId, alertId).expect(201);
      await expectRefused(api, acknowledge(caseId, alertId), 409, 'CASE.ALERT_ALREADY_ACKNOWLEDGED');
    });

    it('answers 404 for the alert of another deadline', async () => {
      const { caseId } = await missedCheckIn();
      await expectRefused(
        api,
        acknowledge(caseId, `mci:${caseId}:2026-11-14T09:00:00.000Z`),
        404,
        'CASE.ALERT_NOT_FOUND',
      );
    });
  });

  describe('when a check-in resolved the alert', () => {
    it('answers 404: there is no open alert to acknowledge', async () => {
      const { caseId, alertId } = await missedCheckIn();
      await http(api)
        .post(`/cases/${caseId}/check-ins`)
        .send({ ...validCheckInBody(), checkedInAt: '2026-11-22T09:30:00Z' })
        .expect(201);
      await expectRefused(api, acknowledge(caseId, alertId), 404, 'CASE.ALERT_NOT_FOUND');
    });
  });

  it.each([
    ['not an alert id', 'alert-1'],
    ['the id of another kind of alert', 'rca:8d8f7b5e-0000-4000-8000-000000000000:2026-11-21T09:00:00.000Z'],
    ['a due time not in canonical form', 'mci:8d8f7b5e-0000-4000-8000-000000000000:2026-11-21T09:00:00Z'],
  ])('answers 400 for an alert id that is %s', async (_name, alertId) => {
    const caseId = await openSupervisedCase(api);
    await expectInvalid(api, acknowledge(caseId, alertId), 'alertId');
  });

  describe('with bad input', () => {
    it.each([
      ['a missing field', {}, 'acknowledgedAt'],
      ['an unknown field', { ...validAcknowledgementBody(), escalate: false }, 'escalate'],
      ['a time that is a number', { acknowledgedAt: 1764000000000 }, 'acknowledgedAt'],
    ])('answers 400 naming the field for %s, storing nothing', async (_name, bad, field) => {
      const { caseId, alertId } = await missedCheckIn();
      await expectInvalid(api, acknowledge(caseId, alertId, bad), field);
    });
  });
});
