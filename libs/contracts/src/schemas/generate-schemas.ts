import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { CASE_EVENT_TYPES } from '@casetrail/domain';

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

if (require.main === module) {
  const root = process.cwd();
  for (const [file, schema] of generateCaseEventSchemas(root)) {
    writeFileSync(join(root, SCHEMA_DIR, file), `${JSON.stringify(schema, null, 2)}\n`);
  }
  process.stdout.write(`wrote ${CASE_EVENT_TYPES.length} schemas to ${SCHEMA_DIR}\n`);
}
