import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, fromFile, Parser, type AsyncAPIDocumentInterface } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ALERT_SCHEMA_DIR } from './schemas/generate-schemas';
import { deadLetterTopic, topicSpecs, TOPICS } from './topics';

const root = join(__dirname, '..', '..', '..');
const file = join(root, 'libs/contracts/asyncapi.yaml');

interface JsonSchema {
  $id: string;
  required: string[];
  properties: Record<string, unknown>;
  additionalProperties: boolean;
}

/** The schema as written: without the ids the parser adds to every (sub)schema. */
function withoutParserKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutParserKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith('x-parser-'))
      .map(([key, item]) => [key, withoutParserKeys(item)]),
  );
}

/** The AsyncAPI document is the contract alert consumers read: it must parse and match the code. */
describe('the AsyncAPI document', () => {
  let document: AsyncAPIDocumentInterface;
  let problems: string[];

  beforeAll(async () => {
    const parsed = await fromFile(new Parser(), file).parse();
    problems = parsed.diagnostics
      .filter((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error)
      .map((diagnostic) => `${diagnostic.path.join('.')}: ${diagnostic.message}`);
    if (!parsed.document) throw new Error(`asyncapi.yaml does not parse:\n${problems.join('\n')}`);
    document = parsed.document;
  }, 30_000);

  it('is a valid AsyncAPI 3.0 document', () => {
    expect(problems).toEqual([]);
    expect(document.version()).toBe('3.0.0');
  });

  it('describes every topic the apps create, and only those', () => {
    const addresses = document
      .channels()
      .all()
      .map((channel) => channel.address());
    expect(addresses.sort()).toEqual(
      topicSpecs(1)
        .map((spec) => spec.topic)
        .sort(),
    );
    expect(addresses).toContain(deadLetterTopic(TOPICS.caseEvents));
  });

  it('sends on every topic, keyed by case (the policy topic by its one stream)', () => {
    const sent = document
      .operations()
      .all()
      .filter((operation) => operation.action() === 'send')
      .flatMap((operation) =>
        operation
          .channels()
          .all()
          .map((channel) => channel.address()),
      );
    expect(new Set(sent)).toEqual(new Set(topicSpecs(1).map((spec) => spec.topic)));
    for (const channel of document.channels().all()) {
      for (const message of channel.messages().all()) {
        const kafka = message.bindings().get('kafka')?.value() as { key?: { description?: string } };
        expect(kafka?.key?.description).toMatch(/caseId|original message's key|policy stream's id/);
      }
    }
  });

  it.each([
    TOPICS.missedCheckInAlerts,
    TOPICS.missedCheckInAlertsV2,
    TOPICS.rcaOverdueAlerts,
    TOPICS.releaseOverrideAlerts,
  ])('gives %s the committed JSON Schema of its message as payload', (topic) => {
    const channel = document
      .channels()
      .all()
      .find((candidate) => candidate.address() === topic);
    const [message] = channel?.messages().all() ?? [];
    const payload = message?.payload();
    expect(payload?.schemaFormat()).toBe('application/schema+json;version=draft-07');
    const committed = JSON.parse(
      readFileSync(join(root, ALERT_SCHEMA_DIR, `${topic}.schema.json`), 'utf8'),
    ) as JsonSchema;
    // The parser inlines the schema's internal references; the fields and their order stay.
    const resolved = withoutParserKeys((payload?.json() as { schema: object }).schema) as JsonSchema;
    expect(resolved.$id).toBe(committed.$id);
    expect(resolved.required).toEqual(committed.required);
    expect(Object.keys(resolved.properties)).toEqual(Object.keys(committed.properties));
    expect(resolved.additionalProperties).toBe(false);
  });

  it('has examples that its own payload schemas accept', () => {
    const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
    let checked = 0;
    for (const message of document.messages().all()) {
      const json = message.payload()?.json() as { schema?: object } | undefined;
      const schema = json?.schema ?? json;
      if (!schema) continue;
      const validate = ajv.compile({ ...schema, $id: undefined });
      for (const example of message.examples().all()) {
        expect(validate(example.payload())).toBe(true);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
