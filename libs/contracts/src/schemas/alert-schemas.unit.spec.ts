import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type {
  AbsconderReferralMessage,
  MissedCheckInAlertMessage,
  MissedCheckInAlertMessageV2,
  RcaOverdueAlertMessage,
  ReleaseOverrideAlertMessage,
  SuspectedAbscondingAlertMessage,
} from '../alert-messages';
import { TOPICS } from '../topics';
import { ALERT_MESSAGE_TYPES, ALERT_SCHEMA_DIR, generateAlertSchemas } from './generate-schemas';

const root = join(__dirname, '..', '..', '..', '..');
const committed = (file: string) =>
  JSON.parse(readFileSync(join(root, ALERT_SCHEMA_DIR, file), 'utf8')) as Record<string, unknown>;
const caseId = '6f1c2a54-0d7e-4a43-9a55-2f1f3e6a9b10';

const missedCheckIn: MissedCheckInAlertMessage = {
  alertId: `mci:${caseId}:2026-11-30T09:00:00.000Z`,
  status: 'RAISED',
  caseId,
  officeId: 'WAS',
  officerId: 'WAS-ND-1',
  dueAt: '2026-11-30T09:00:00.000Z',
  detectedAt: '2026-12-01T09:00:00.120Z',
  consecutiveMisses: 1,
  severity: 'LOW',
  actingOfficerId: 'WAS-ND-2',
  policyVersion: 2,
};
const missedCheckInV2: MissedCheckInAlertMessageV2 = {
  ...missedCheckIn,
  status: 'ESCALATED',
  escalationLevel: 'SUPERVISOR',
  resolution: null,
};
const rcaOverdue: RcaOverdueAlertMessage = {
  alertId: `rca:${caseId}:2026-11-26T10:00:00.000Z`,
  status: 'RESOLVED',
  caseId,
  officeId: 'WAS',
  officerId: 'WAS-DET-1',
  bookedInAt: '2026-11-21T10:00:00.000Z',
  dueAt: '2026-11-26T10:00:00.000Z',
  detectedAt: '2026-11-26T10:00:00.180Z',
  actingOfficerId: 'WAS-DET-1',
  policyVersion: null,
};
const releaseOverride: ReleaseOverrideAlertMessage = {
  alertId: `rel:${caseId}:override-1`,
  caseId,
  officeId: 'WAS',
  officerId: 'WAS-DET-1',
  overrideRequestId: 'override-1',
  releaseType: 'PAROLE',
  releasedAt: '2026-11-23T09:00:00.000Z',
  rcaRecommendation: null,
  reasonCodes: ['PRIMARY_CAREGIVER'],
  requestedBy: 'WAS-DET-1',
  requestedAt: '2026-11-22T11:00:00.000Z',
  approvedBy: 'WAS-SUP-1',
  approvedAt: '2026-11-22T12:00:00.000Z',
};
const suspectedAbsconding: SuspectedAbscondingAlertMessage = {
  alertId: `abs:${caseId}:2026-12-14T09:00:00.000Z`,
  status: 'RAISED',
  caseId,
  officeId: 'WAS',
  officerId: 'WAS-ND-1',
  basis: 'CONSECUTIVE_MISSES',
  consecutiveMisses: 3,
  lastContactAt: '2026-11-23T09:00:00.000Z',
  dueAt: '2026-12-14T09:00:00.000Z',
  detectedAt: '2026-12-15T09:00:00.120Z',
  policyVersion: 2,
};
const absconderReferral: AbsconderReferralMessage = {
  referralId: `ref:abs:${caseId}:2026-12-14T09:00:00.000Z`,
  alertId: `abs:${caseId}:2026-12-14T09:00:00.000Z`,
  caseId,
  officeId: 'WAS',
  officerId: 'WAS-ND-1',
  basis: 'DAYS_WITHOUT_CONTACT',
  lastContactAt: '2026-11-23T09:00:00.000Z',
  determinedBy: 'WAS-SUP-1',
  determinedAt: '2026-12-15T12:00:00.000Z',
  policyVersion: 2,
};
const samples: [string, object][] = [
  [TOPICS.missedCheckInAlerts, missedCheckIn],
  [TOPICS.missedCheckInAlertsV2, missedCheckInV2],
  [TOPICS.rcaOverdueAlerts, rcaOverdue],
  [TOPICS.releaseOverrideAlerts, releaseOverride],
  [TOPICS.suspectedAbscondingAlerts, suspectedAbsconding],
  [TOPICS.absconderReferrals, absconderReferral],
];

/** Field names that would carry who the subject is; no alert schema may have one. */
const PERSONAL = /name|anumber|birth|dob|subject|narrative|comment|address|phone/i;

function propertyNames(schema: unknown): string[] {
  if (Array.isArray(schema)) return schema.flatMap(propertyNames);
  if (schema === null || typeof schema !== 'object') return [];
  const { properties, ...rest } = schema as { properties?: Record<string, unknown> };
  return [
    ...Object.keys(properties ?? {}),
    ...Object.values(properties ?? {}).flatMap(propertyNames),
    ...Object.values(rest).flatMap(propertyNames),
  ];
}

describe('alert message JSON Schemas', () => {
  const generated = generateAlertSchemas(root);
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
  const validatorFor = (topic: string) => {
    const schema = committed(`${topic}.schema.json`) as { $id: string };
    return ajv.getSchema(schema.$id) ?? ajv.compile(schema);
  };

  it('has a committed schema per alert topic, equal to the one the contract types produce', () => {
    expect([...generated.keys()].sort()).toEqual(
      Object.keys(ALERT_MESSAGE_TYPES)
        .map((topic) => `${topic}.schema.json`)
        .sort(),
    );
    for (const [file, schema] of generated) expect(committed(file)).toEqual(schema);
  });

  it.each(samples)('accepts a valid %s message', (topic, message) => {
    expect(validatorFor(topic)(message)).toBe(true);
  });

  it.each(samples)('rejects a %s message with a field it does not know', (topic, message) => {
    expect(validatorFor(topic)({ ...message, givenName: 'Ana' })).toBe(false);
  });

  it('rejects a time that is not an ISO 8601 date-time and a miss count below one', () => {
    const validate = validatorFor(TOPICS.missedCheckInAlerts);
    expect(validate({ ...missedCheckIn, dueAt: 'next Tuesday' })).toBe(false);
    expect(validate({ ...missedCheckIn, consecutiveMisses: 0 })).toBe(false);
  });

  it('names the escalation level and the resolution on v2 only', () => {
    const v2 = validatorFor(TOPICS.missedCheckInAlertsV2);
    expect(v2({ ...missedCheckInV2, escalationLevel: 'DIRECTOR' })).toBe(false);
    expect(v2({ ...missedCheckInV2, status: 'RESOLVED', resolution: 'RECORDED_LATE' })).toBe(true);
    expect(v2({ ...missedCheckInV2, resolution: 'FORGIVEN' })).toBe(false);
    expect(validatorFor(TOPICS.missedCheckInAlerts)(missedCheckInV2)).toBe(false);
  });

  it.each(Object.keys(ALERT_MESSAGE_TYPES))('has no field for personal data on %s', (topic) => {
    const names = propertyNames(committed(`${topic}.schema.json`));
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((name) => PERSONAL.test(name))).toEqual([]);
  });
});
