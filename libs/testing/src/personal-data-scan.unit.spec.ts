import { findPersonalData } from './personal-data-scan';

describe('findPersonalData', () => {
  it('finds a personal field in clear and an A-number anywhere', () => {
    const text = '{"subject":{"givenName":"Zelinda","aNumber":"enc:v1:abc"}} and later A987654321.';
    expect(findPersonalData('api.log', text)).toEqual([
      { where: 'api.log', what: 'givenName in clear' },
      { where: 'api.log', what: 'A-number A98…' },
    ]);
  });

  it('lets encrypted envelopes, ids and timestamps through', () => {
    const text = JSON.stringify({
      subject: { givenName: 'enc:v1:Q2lwaGVy', dateOfBirth: 'enc:v1:A12345678x' },
      caseId: '6f1c1c8e-8f4e-4a43-9d4f-1d3a4a0b7a11',
      alertId: 'mci:6f1c1c8e-8f4e-4a43-9d4f-1d3a4a0b7a11:2026-11-21T09:00:00.000Z',
      officerId: 'WAS-ND-001',
    });
    expect(findPersonalData('topic', text)).toEqual([]);
  });
});
