import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { CASE_EVENT_TYPES } from '@casetrail/domain';
import { TOPICS } from '../topics';

/**
 * The JSON Schema of every case event, generated from the domain's own types so the contract
 * cannot drift from the code: one file per event type and version. The contract test fails when
 * a committed schema differs from what this produces; `npm run contracts:schemas` rewrites them.
 */
export function generateCaseEventSchemas(root: string): Map<string, object> {
  const generator = createGenerator({
    path: join(root, 'libs/domain/src/case/case.events.ts'),
    tsconfig: join(root, 'tsconfig.json'),
    type: 'CaseEvent',
    expose: 'export',
    topRef: false,
    skipTypeCheck: true,
    additionalProperties: false,
  });
  const all = generator.createSchema('CaseEvent') as {
    definitions: Record<string, { properties?: { version?: { const?: number } } }>;
  };
  const schemas = new Map<string, object>();
  for (const type of CASE_EVENT_TYPES) {
    const definition = all.definitions[type];
    if (!definition) throw new Error(`no schema generated for ${type}`);
    const version = definition.properties?.version?.const ?? 1;
    schemas.set(`${type}.v${version}.schema.json`, {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: `https://casetrail.dev/schemas/case-events/${type}.v${version}.schema.json`,
      title: `${type} v${version}`,
      $ref: `#/definitions/${type}`,
      definitions: all.definitions,
    });
  }
  return schemas;
}

export const SCHEMA_DIR = 'libs/contracts/schemas/case-events';
export const ALERT_SCHEMA_DIR = 'libs/contracts/schemas/alerts';

/** Each alert topic and the message type it carries. */
export const ALERT_MESSAGE_TYPES = {
  [TOPICS.missedCheckInAlerts]: 'MissedCheckInAlertMessage',
  [TOPICS.missedCheckInAlertsV2]: 'MissedCheckInAlertMessageV2',
  [TOPICS.rcaOverdueAlerts]: 'RcaOverdueAlertMessage',
  [TOPICS.releaseOverrideAlerts]: 'ReleaseOverrideAlertMessage',
  [TOPICS.suspectedAbscondingAlerts]: 'SuspectedAbscondingAlertMessage',
  [TOPICS.absconderReferrals]: 'AbsconderReferralMessage',
} as const;

/** The JSON Schema of each alert topic's message, generated from the contract's types: `<topic>.schema.json`. */
export function generateAlertSchemas(root: string): Map<string, object> {
  const generator = createGenerator({
    path: join(root, 'libs/contracts/src/alert-messages.ts'),
    tsconfig: join(root, 'tsconfig.json'),
    type: '*',
    expose: 'export',
    topRef: false,
    skipTypeCheck: true,
    additionalProperties: false,
  });
  const schemas = new Map<string, object>();
  for (const [topic, type] of Object.entries(ALERT_MESSAGE_TYPES)) {
    const { $schema: _draft, ...schema } = generator.createSchema(type) as { $schema?: string };
    schemas.set(`${topic}.schema.json`, {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: `https://casetrail.dev/schemas/alerts/${topic}.schema.json`,
      title: `${topic} message`,
      ...schema,
    });
  }
  return schemas;
}

if (require.main === module) {
  const root = process.cwd();
  for (const [file, schema] of generateCaseEventSchemas(root)) {
    writeFileSync(join(root, SCHEMA_DIR, file), `${JSON.stringify(schema, null, 2)}\n`);
  }
  process.stdout.write(`wrote ${CASE_EVENT_TYPES.length} schemas to ${SCHEMA_DIR}\n`);
  const alerts = generateAlertSchemas(root);
  mkdirSync(join(root, ALERT_SCHEMA_DIR), { recursive: true });
  for (const [file, schema] of alerts) {
    writeFileSync(join(root, ALERT_SCHEMA_DIR, file), `${JSON.stringify(schema, null, 2)}\n`);
  }
  process.stdout.write(`wrote ${alerts.size} schemas to ${ALERT_SCHEMA_DIR}\n`);
}
