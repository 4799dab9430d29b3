import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { CASE_EVENT_TYPES, type CaseEvent } from '@casetrail/domain';
import * as sample from '@casetrail/domain/case/case.test-data';
import * as docketSample from '@casetrail/domain/case/case.docket.test-data';
import * as missSample from '@casetrail/domain/case/case.missed-check-ins.test-data';
import * as abscondingSample from '@casetrail/domain/case/case.absconding.test-data';
import { generateCaseEventSchemas, SCHEMA_DIR } from './generate-schemas';

const root = join(__dirname, '..', '..', '..', '..');
const committed = (file: string) => JSON.parse(readFileSync(join(root, SCHEMA_DIR, file), 'utf8')) as object;

/** One sample of every event type, from the domain's own test data. */
const samples: CaseEvent[] = [
  sample.caseOpened(),
  sample.detentionBooked(),
  sample.riskClassificationCompleted(),
  sample.riskClassificationOverdue(),
  sample.releaseOverrideRequested(),
  sample.releaseOverrideDecided(),
  sample.subjectReleased(),
  sample.checkInScheduleChanged(),
  sample.checkInRecorded(),
  sample.checkInMissed(),
  sample.missedCheckInAcknowledged(),
  sample.caseReassigned(),
  sample.detainerRequested(),
  sample.detainerResponded(),
  sample.removalScheduled(),
  sample.removalFailed(),
  sample.subjectRemoved(),
  sample.caseClosed(),
  docketSample.subjectEnrolled(),
  docketSample.custodyDeterminationRecorded(),
  docketSample.caseFlagged(),
  docketSample.caseFlagCleared(),
  sample.transferRequested(),
  sample.transferAccepted(),
  sample.transferDeclined(),
  sample.transferWithdrawn(),
  missSample.missedCheckInAlertEscalated(),
  missSample.missedCheckInVoided(),
  missSample.missedCheckInExcused(),
  missSample.missedCheckInExcusalReopened(),
  missSample.missedCheckInConfirmed(),
  abscondingSample.abscondingSuspected(),
  abscondingSample.abscondingDetermined(),
];

describe('case event JSON Schemas', () => {
  const generated = generateCaseEventSchemas(root);
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
  const validatorFor = (event: CaseEvent) => {
    const schema = committed(`${event.type}.v${event.version}.schema.json`) as { $id: string };
    return ajv.getSchema(schema.$id) ?? ajv.compile(schema);
  };

  it('has a committed schema for every event type, equal to the one the domain types produce', () => {
    expect([...generated.keys()].sort()).toEqual(
      CASE_EVENT_TYPES.map((type) => `${type}.v1.schema.json`).sort(),
    );
    for (const [file, schema] of generated) expect(committed(file)).toEqual(schema);
  });

  it('has a sample for every event type', () => {
    expect(new Set(samples.map((event) => event.type))).toEqual(new Set(CASE_EVENT_TYPES));
  });

  it.each(samples.map((event) => [event.type, event] as const))('accepts a valid %s', (_type, event) => {
    const validate = validatorFor(event);
    expect(validate(event)).toBe(true);
  });

  it.each(samples.map((event) => [event.type, event] as const))(
    'rejects a %s with an unknown field',
    (_type, event) => {
      const validate = validatorFor(event);
      expect(validate({ ...event, data: { ...event.data, unexpected: true } })).toBe(false);
    },
  );
});
