import fc from 'fast-check';
import {
  CHECK_IN_METHODS,
  ENROLMENT_BASES,
  OVERRIDE_REASON_CODES,
  RCA_RECOMMENDATIONS,
  RELEASE_TYPES,
  REPORTING_CONDITIONS,
  RISK_LEVELS,
} from '@casetrail/domain';
import {
  countEvents,
  http,
  openCase,
  openClassifiedCase,
  openDetainedCase,
  openSupervisedCase,
  startApi,
  validBookingBody,
  validCheckInBody,
  validEnrolmentBody,
  validOpenCaseBody,
  validOverrideRequestBody,
  validReleaseBody,
  validRiskClassificationBody,
  type ApiTestContext,
} from '@api/api.test-kit';

/*
 * Whatever is wrong with a request body, the answer is a 400 problem and nothing is stored: never a
 * 500, never an event. Each run takes a body the endpoint accepts and breaks it one to three times.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = string[];

interface Endpoint {
  name: string;
  /** Puts a fresh case where the valid body would be accepted; answers the path to POST to. */
  prepare(api: ApiTestContext): Promise<string>;
  /** Every field of it is required, so removing one breaks it, but for `optionalFields`. */
  validBody(): { [key: string]: Json };
  /** Fields the body may leave out (a check-in plan's grace: the policy's default applies). */
  optionalFields?: Path[];
  timeFields: Path[];
  enumFields: [Path, readonly string[]][];
}

const ENDPOINTS: Endpoint[] = [
  {
    name: 'POST /cases',
    prepare: async () => '/cases',
    validBody: validOpenCaseBody,
    timeFields: [['openedAt']],
    enumFields: [],
  },
  {
    name: 'POST /cases/:caseId/detentions',
    prepare: async (api) => `/cases/${await openCase(api)}/detentions`,
    validBody: validBookingBody,
    timeFields: [['bookedInAt']],
    enumFields: [],
  },
  {
    name: 'POST /cases/:caseId/risk-classifications',
    prepare: async (api) => `/cases/${await openDetainedCase(api)}/risk-classifications`,
    validBody: () => validRiskClassificationBody(),
    timeFields: [['completedAt']],
    enumFields: [
      [['publicSafetyRisk'], RISK_LEVELS],
      [['flightRisk'], RISK_LEVELS],
      [['recommendation'], RCA_RECOMMENDATIONS],
    ],
  },
  {
    name: 'POST /cases/:caseId/release-override-requests',
    prepare: async (api) => `/cases/${await openClassifiedCase(api, 'DETAIN')}/release-override-requests`,
    validBody: validOverrideRequestBody,
    timeFields: [['requestedAt']],
    enumFields: [[['reasonCodes', '0'], OVERRIDE_REASON_CODES]],
  },
  {
    name: 'POST /cases/:caseId/releases',
    prepare: async (api) => `/cases/${await openClassifiedCase(api, 'RELEASE')}/releases`,
    validBody: () => validReleaseBody(),
    timeFields: [['releasedAt'], ['checkInPlan', 'firstDueAt']],
    enumFields: [[['releaseType'], RELEASE_TYPES]],
    optionalFields: [['checkInPlan', 'graceHours']],
  },
  {
    name: 'POST /cases/:caseId/enrolment',
    prepare: async (api) => `/cases/${await openCase(api)}/enrolment`,
    validBody: validEnrolmentBody,
    timeFields: [['enrolledAt'], ['checkInPlan', 'firstDueAt']],
    optionalFields: [['checkInPlan', 'graceHours']],
    enumFields: [
      [['basis'], ENROLMENT_BASES],
      [['reportingConditions', '0'], REPORTING_CONDITIONS],
    ],
  },
  {
    name: 'POST /cases/:caseId/check-ins',
    prepare: async (api) => `/cases/${await openSupervisedCase(api)}/check-ins`,
    validBody: validCheckInBody,
    timeFields: [['checkedInAt']],
    enumFields: [[['method'], CHECK_IN_METHODS]],
  },
];

type Mutation =
  | { kind: 'delete'; path: Path }
  | { kind: 'add'; at: Path; key: string; value: Json }
  | { kind: 'replace'; path: Path; value: Json };

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** Every field path of a body, nested ones included. */
function fieldPaths(value: Json, parent: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => [
    [...parent, key],
    ...fieldPaths(item, [...parent, key]),
  ]);
}

/** The fields a body may lack: object properties, not list items. */
function propertyPaths(body: Json): Path[] {
  return fieldPaths(body).filter((path) => kindOf(valueAt(body, path.slice(0, -1))) === 'object');
}

function objectPaths(body: Json): Path[] {
  return [[], ...fieldPaths(body).filter((path) => kindOf(valueAt(body, path)) === 'object')];
}

function valueAt(body: Json, path: Path): Json | undefined {
  let current: Json | undefined = body;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, Json>)[key];
  }
  return current;
}

/** Applies a mutation in place; a path an earlier mutation already broke is left alone. */
function apply(body: Json, mutation: Mutation): void {
  const path = mutation.kind === 'add' ? [...mutation.at, mutation.key] : mutation.path;
  const parent = valueAt(body, path.slice(0, -1));
  if (typeof parent !== 'object' || parent === null) return;
  const key = path[path.length - 1];
  if (mutation.kind === 'delete') {
    delete (parent as Record<string, Json>)[key];
  } else {
    // defineProperty, so that keys such as __proto__ become plain own fields of the JSON sent.
    Object.defineProperty(parent, key, {
      value: mutation.value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
}

const anyJson = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;
const anyKey = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'),
);
/** Strings no endpoint may accept as a time: JavaScript cannot read some of them, the rest lack a zone. */
const notATime = fc.oneof(
  fc.string({ maxLength: 30 }).filter((text) => !/^\d{4}-\d{2}-\d{2}T/.test(text)),
  fc.constantFrom(
    '2026-W47-5',
    '2026-324',
    '2026-11-20',
    '2026-11-20T09:00:00',
    '2026-11-20T09Z',
    '20261120T090000Z',
    '2026-11-20T09:00:00,5Z',
    '2026-02-30T09:00:00Z',
    '2026-11-20T24:00:00Z',
  ),
);

function isOptional(endpoint: Endpoint, path: Path): boolean {
  return (endpoint.optionalFields ?? []).some((optional) => optional.join('.') === path.join('.'));
}

function mutationOf(endpoint: Endpoint, body: Json): fc.Arbitrary<Mutation> {
  const fields = fieldPaths(body);
  const mutations: fc.Arbitrary<Mutation>[] = [
    fc
      .constantFrom(...propertyPaths(body).filter((path) => !isOptional(endpoint, path)))
      .map((path): Mutation => ({ kind: 'delete', path })),
    fc
      .record({ at: fc.constantFrom(...objectPaths(body)), key: anyKey, value: anyJson })
      .filter(({ at, key }) => {
        const target = valueAt(body, at);
        return typeof target === 'object' && target !== null && !Object.hasOwn(target, key);
      })
      .map(({ at, key, value }): Mutation => ({ kind: 'add', at, key, value })),
    fc
      .constantFrom(...fields)
      .chain((path) =>
        anyJson
          .filter((value) => kindOf(value) !== kindOf(valueAt(body, path)))
          .map((value): Mutation => ({ kind: 'replace', path, value })),
      ),
    fc
      .record({ path: fc.constantFrom(...endpoint.timeFields), value: notATime })
      .map(({ path, value }): Mutation => ({ kind: 'replace', path, value })),
  ];
  for (const [path, allowed] of endpoint.enumFields) {
    mutations.push(
      fc
        .string({ maxLength: 30 })
        .filter((value) => !allowed.includes(value))
        .map((value): Mutation => ({ kind: 'replace', path, value })),
    );
  }
  return fc.oneof(...mutations);
}

/** A valid body broken one to three times, or no object at all. */
function invalidBody(endpoint: Endpoint): fc.Arbitrary<{ raw: string; why: string }> {
  const valid = endpoint.validBody();
  const broken = fc.array(mutationOf(endpoint, valid), { minLength: 1, maxLength: 3 }).map((mutations) => {
    const body = structuredClone(valid);
    for (const mutation of mutations) apply(body, mutation);
    return { raw: JSON.stringify(body), why: JSON.stringify(mutations) };
  });
  const notAnObject = anyJson
    .filter((value) => kindOf(value) !== 'object')
    .map((value) => ({ raw: JSON.stringify(value), why: 'not an object' }));
  return fc.oneof({ arbitrary: broken, weight: 4 }, { arbitrary: notAnObject, weight: 1 });
}

describe('request validation, for any broken body', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  describe.each(ENDPOINTS.map((endpoint) => [endpoint.name, endpoint] as const))('%s', (_name, endpoint) => {
    let path: string;

    beforeAll(async () => {
      path = await endpoint.prepare(api);
    });

    it('answers 400 and stores nothing', async () => {
      await fc.assert(
        fc.asyncProperty(invalidBody(endpoint), async ({ raw }) => {
          const before = await countEvents(api.db);
          const response = await http(api).post(path).set('Content-Type', 'application/json').send(raw);

          expect(response.status).toBe(400);
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(await countEvents(api.db)).toBe(before);
        }),
        { numRuns: 50, seed: 20261123 },
      );
    });

    // Without this the property could pass on a body that was never valid to begin with.
    it('accepts the body unbroken', async () => {
      const response = await http(api).post(path).send(endpoint.validBody());
      expect(response.status).toBe(201);
    });
  });
});
