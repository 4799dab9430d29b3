import { randomUUID } from 'node:crypto';
import type { Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { SignJWT, UnsecuredJWT } from 'jose';
import request from 'supertest';
import { PostgresAuditTrail, type AuditRecord } from '@casetrail/audit';
import { ALL_ROLES, ALLOWED_ROLES, PUBLIC_ROUTE } from '@casetrail/auth';
import { DEVELOPMENT_TOKEN_SECRET, loadConfig } from '@casetrail/config';
import type { Role } from '@casetrail/domain';
import { testToken } from '@casetrail/testing';
import {
  openSupervisedCase,
  startApi,
  validAcknowledgementBody,
  validBookingBody,
  validCheckInBody,
  validCheckInPlanBody,
  validClosureBody,
  validCustodyDeterminationBody,
  validAbscondingDeterminationBody,
  validDetainerBody,
  validDetainerResponseBody,
  validEnrolmentBody,
  validExcusalBody,
  validExcusalReopeningBody,
  validMissConfirmationBody,
  validFlagBody,
  validFlagClearanceBody,
  validOpenCaseBody,
  validOverrideDecisionBody,
  validOverrideRequestBody,
  validPolicyBody,
  validReassignmentBody,
  validReleaseBody,
  validRemovalBody,
  validRemovalCompletionBody,
  validRemovalFailureBody,
  validRiskClassificationBody,
  validTransferAcceptanceBody,
  validTransferDeclineBody,
  validTransferRequestBody,
  validTransferWithdrawalBody,
  requestTransfer,
  type ApiTestContext,
} from '@api/api.test-kit';

interface Route {
  method: 'get' | 'post' | 'put';
  /** The OpenAPI path, e.g. /cases/{caseId}/check-ins. */
  path: string;
  allowed: Role[];
  /** Takes `limit` and `offset`. */
  paged: boolean;
}

type Attack =
  | 'no token'
  | 'forged'
  | 'expired'
  | 'wrong audience'
  | 'wrong issuer'
  | 'alg: none'
  | 'wrong role'
  | 'another office';

/** Input no route may answer with 5xx, sent by a caller the route allows. */
type BadInput = 'malformed body' | 'compressed body' | 'out-of-range page';

/** A valid body for each write, so that only the attack can be the reason for a refusal. */
const BODIES: Record<string, () => object> = {
  'post /cases': validOpenCaseBody,
  'post /cases/{caseId}/detentions': validBookingBody,
  'post /cases/{caseId}/risk-classifications': () => validRiskClassificationBody(),
  'post /cases/{caseId}/release-override-requests': validOverrideRequestBody,
  'post /cases/{caseId}/release-override-requests/{requestId}/decision': () => validOverrideDecisionBody(),
  'post /cases/{caseId}/releases': () => validReleaseBody(),
  'put /cases/{caseId}/check-in-plan': validCheckInPlanBody,
  'post /cases/{caseId}/check-ins': validCheckInBody,
  'post /cases/{caseId}/alerts/{alertId}/acknowledgement': validAcknowledgementBody,
  'post /cases/{caseId}/missed-check-ins/{dueAt}/excusal': validExcusalBody,
  'post /cases/{caseId}/missed-check-ins/{dueAt}/excusal/reopening': validExcusalReopeningBody,
  'post /cases/{caseId}/missed-check-ins/{dueAt}/confirmation': validMissConfirmationBody,
  'post /cases/{caseId}/reassignments': validReassignmentBody,
  'post /cases/{caseId}/detainers': validDetainerBody,
  'post /cases/{caseId}/detainers/{detainerId}/response': validDetainerResponseBody,
  'post /cases/{caseId}/removals': validRemovalBody,
  'post /cases/{caseId}/removals/failure': validRemovalFailureBody,
  'post /cases/{caseId}/removals/completion': validRemovalCompletionBody,
  'post /cases/{caseId}/closure': validClosureBody,
  'post /cases/{caseId}/enrolment': validEnrolmentBody,
  'post /cases/{caseId}/custody-determinations': () => validCustodyDeterminationBody(),
  'post /cases/{caseId}/absconding-determinations': () => validAbscondingDeterminationBody(),
  'post /cases/{caseId}/flags': validFlagBody,
  'post /cases/{caseId}/flags/{kind}/clearance': validFlagClearanceBody,
  'post /officers/{officerId}/absences': () => ({
    kind: 'LEAVE',
    startsAt: '2026-11-20T00:00:00Z',
    coveringOfficerId: 'WAS-ND-001',
  }),
  'put /officers/{officerId}/absences/{absenceId}/cover': () => ({ coveringOfficerId: null }),
  'post /cases/{caseId}/transfers': validTransferRequestBody,
  'post /cases/{caseId}/transfers/{transferId}/acceptance': validTransferAcceptanceBody,
  'post /cases/{caseId}/transfers/{transferId}/decline': validTransferDeclineBody,
  'post /cases/{caseId}/transfers/{transferId}/withdrawal': validTransferWithdrawalBody,
  'post /offices': () => ({ officeId: 'NYC', name: 'New York Field Office' }),
  'post /offices/{officeId}/reassignments': () => ({
    reason: 'Rebalancing the non-detained docket.',
    reassignedAt: '2026-11-24T09:00:00Z',
    reassignments: [{ caseId: randomUUID(), toOfficerId: 'WAS-ND-001' }],
  }),
  'post /policies': validPolicyBody,
  'post /officers': () => ({
    officerId: 'NYC-ND-001',
    officeId: 'WAS',
    displayName: 'N',
    unit: 'NON_DETAINED',
  }),
};

/** Reads that take an office filter: the attack asks for an office the caller does not work in. */
const OFFICE_FILTERED = new Set([
  'get /caseloads/offices',
  'get /caseloads/officers',
  'get /alerts',
  'get /oversight/release-overrides',
  'get /oversight/custody-determinations',
  'get /oversight/rca-compliance',
  'get /oversight/missed-check-ins',
  'get /officers',
  'get /transfers',
  'get /staffing',
  'get /staffing/history',
  'get /oversight/monthly-reports',
]);

/** Reads whose query needs more than an office to be valid: what a valid request adds. */
const REQUIRED_QUERY: Record<string, string> = {
  'get /oversight/monthly-reports': 'month=2026-11',
  'get /offices/{officeId}/rebalancing-proposal': 'docket=NON_DETAINED',
};

/** Routes with nothing of one office to protect: the role alone decides. */
const OFFICE_FREE = new Set([
  'get /oversight/detainers',
  'get /oversight/audit',
  'get /stream/caseloads',
  'post /policies',
  'get /policies/current',
  'get /policies/history',
]);

/** Every route of the api with the roles it declares, from the OpenAPI document and the controllers. */
function routesOf(api: ApiTestContext): Route[] {
  const document = SwaggerModule.createDocument(api.app, new DocumentBuilder().build());
  const controllers = [...api.app.get(ModulesContainer).values()].flatMap((module) =>
    [...module.controllers.values()].map((wrapper) => wrapper.metatype as Type),
  );
  const handlers = new Map<string, { controller: Type; handler: (...args: unknown[]) => unknown }>();
  for (const controller of controllers) {
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      handlers.set(`${controller.name}_${name}`, {
        controller,
        handler: (controller.prototype as Record<string, (...args: unknown[]) => unknown>)[name],
      });
    }
  }
  const routes: Route[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const found = handlers.get(operation.operationId ?? '');
      if (!found) throw new Error(`no handler for ${method} ${path} (${operation.operationId})`);
      const metadata = <T>(key: string): T | undefined =>
        (Reflect.getMetadata(key, found.handler) as T | undefined) ??
        (Reflect.getMetadata(key, found.controller) as T | undefined);
      if (metadata<boolean>(PUBLIC_ROUTE)) continue;
      const paged = (operation.parameters ?? []).some(
        (parameter) => 'name' in parameter && parameter.name === 'offset',
      );
      routes.push({ method, path, allowed: metadata<Role[]>(ALLOWED_ROLES) ?? [], paged });
    }
  }
  return routes;
}

describe('who may call what: every route × every attack', () => {
  // Each walk sends hundreds of requests, one after another: seconds, not jest's default five.
  jest.setTimeout(120_000);

  let api: ApiTestContext;
  let routes: Route[];
  let caseId: string;
  let transferId: string;
  const config = loadConfig({});
  const secret = new TextEncoder().encode(DEVELOPMENT_TOKEN_SECRET);
  const claims = (role: Role, offices: string[]) => ({ role, offices });

  beforeAll(async () => {
    api = await startApi();
    routes = routesOf(api);
    // A case of the Washington office; every attacker below works elsewhere or not at all.
    caseId = await openSupervisedCase(api);
    // Pending, to the Atlanta office: its deciders are outside Washington, yet attackers still get nothing.
    transferId = await requestTransfer(api, caseId);
  });

  afterAll(async () => {
    await api.close();
  });

  const roleFor = (route: Route) => route.allowed.find((role) => role !== 'OVERSIGHT' && role !== 'ADMIN');

  async function tokenFor(route: Route, attack: Attack, wrongRole?: Role): Promise<string | undefined> {
    const role = route.allowed[0] ?? 'OFFICER';
    const signed = (build: (jwt: SignJWT) => SignJWT) =>
      build(
        new SignJWT(claims(role, ['WAS']))
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('attacker-1')
          .setIssuer(config.AUTH_ISSUER)
          .setAudience(config.AUTH_AUDIENCE)
          .setExpirationTime('1h'),
      ).sign(secret);
    switch (attack) {
      case 'no token':
        return undefined;
      case 'forged':
        return new SignJWT(claims(role, ['WAS']))
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('attacker-1')
          .setIssuer(config.AUTH_ISSUER)
          .setAudience(config.AUTH_AUDIENCE)
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode('a secret the api never heard of, 32+ bytes'));
      case 'expired':
        return signed((jwt) => jwt.setExpirationTime(Math.floor(Date.now() / 1000) - 120));
      case 'wrong audience':
        return signed((jwt) => jwt.setAudience('another-api'));
      case 'wrong issuer':
        return signed((jwt) => jwt.setIssuer('someone-else'));
      case 'alg: none':
        return new UnsecuredJWT(claims('ADMIN', ['WAS']))
          .setSubject('attacker-1')
          .setIssuer(config.AUTH_ISSUER)
          .setAudience(config.AUTH_AUDIENCE)
          .setExpirationTime('1h')
          .encode();
      case 'wrong role':
        return testToken({ sub: 'attacker-1', role: wrongRole, offices: ['WAS'] });
      case 'another office':
        return testToken({ sub: 'attacker-1', role: roleFor(route), offices: ['SEA'] });
    }
  }

  function urlOf(route: Route, attack: Attack): string {
    const key = `${route.method} ${route.path}`;
    const path = route.path
      .replace('{caseId}', caseId)
      .replace('{requestId}', randomUUID())
      .replace('{detainerId}', randomUUID())
      .replace('{transferId}', transferId)
      .replace('{alertId}', encodeURIComponent(`mci:${caseId}:2026-11-21T09:00:00.000Z`))
      .replace('{officerId}', 'WAS-ND-001')
      .replace('{kind}', 'NATIONAL_SECURITY')
      .replace('{dueAt}', '2026-11-21T09:00:00.000Z')
      .replace('{absenceId}', randomUUID())
      .replace('{officeId}', 'WAS');
    const query = [
      REQUIRED_QUERY[key],
      attack === 'another office' && OFFICE_FILTERED.has(key) ? 'officeId=WAS' : undefined,
    ].filter((part) => part !== undefined);
    return query.length > 0 ? `${path}?${query.join('&')}` : path;
  }

  /** Every attack that applies to a route; "another office" only where an office is involved. */
  function attacksOn(route: Route): { attack: Attack; wrongRole?: Role }[] {
    const key = `${route.method} ${route.path}`;
    const attacks: { attack: Attack; wrongRole?: Role }[] = (
      ['no token', 'forged', 'expired', 'wrong audience', 'wrong issuer', 'alg: none'] as const
    ).map((attack) => ({ attack }));
    for (const wrongRole of ALL_ROLES.filter((role) => !route.allowed.includes(role))) {
      attacks.push({ attack: 'wrong role', wrongRole });
    }
    if (!OFFICE_FREE.has(key) && roleFor(route)) attacks.push({ attack: 'another office' });
    return attacks;
  }

  it('finds every route of the api, each declaring who may call it', () => {
    expect(routes.length).toBeGreaterThanOrEqual(30);
    expect(routes.filter((route) => route.allowed.length === 0)).toEqual([]);
  });

  it('lets oversight write nothing and keeps the roster to administrators', () => {
    const writes = routes.filter((route) => route.method !== 'get');
    expect(writes.filter((route) => route.allowed.includes('OVERSIGHT'))).toEqual([]);
    const rosterWrites = writes.filter((route) => route.path === '/offices' || route.path === '/officers');
    expect(rosterWrites.map((route) => route.allowed)).toEqual([['ADMIN'], ['ADMIN']]);
  });

  it('lets only POLICY_ADMIN publish policy, and POLICY_ADMIN nothing else', () => {
    const writes = routes.filter((route) => route.method !== 'get');
    expect(
      writes.filter((route) => route.path.startsWith('/policies')).map((route) => route.allowed),
    ).toEqual([['POLICY_ADMIN']]);
    expect(
      writes.filter((route) => route.allowed.includes('POLICY_ADMIN')).map((route) => route.path),
    ).toEqual(['/policies']);
    const policyReads = routes.filter(
      (route) => route.method === 'get' && route.path.startsWith('/policies'),
    );
    expect(policyReads.map((route) => [route.path, [...route.allowed].sort()])).toEqual([
      ['/policies/current', [...ALL_ROLES].sort()],
      ['/policies/history', [...ALL_ROLES].sort()],
    ]);
  });

  interface Sent {
    request: string;
    status: number;
    body: Record<string, unknown>;
    securityHeaders: boolean;
    audited?: string;
  }
  const sentRequests = new Map<string, Sent>();

  /** Sends one request, tagged with a correlation id by which its audit record is found later. */
  async function send(
    label: string,
    method: Route['method'],
    url: string,
    options: { token?: string; body?: object | string; headers?: Record<string, string> } = {},
  ): Promise<Sent> {
    const correlationId = `matrix-${sentRequests.size}`;
    let test = request(api.app.getHttpServer())
      [method](url)
      .set('X-Correlation-Id', correlationId)
      // Generous: a hang shows as status 0, but a loaded machine must not.
      .timeout(30_000);
    if (options.token) test = test.set('Authorization', `Bearer ${options.token}`);
    for (const [name, value] of Object.entries(options.headers ?? {})) test = test.set(name, value);
    const response = await (options.body === undefined ? test : test.send(options.body)).catch(
      () => undefined,
    );
    const sent: Sent = {
      request: label,
      status: response?.status ?? 0,
      body: (response?.body ?? {}) as Record<string, unknown>,
      securityHeaders:
        response?.headers['x-content-type-options'] === 'nosniff' &&
        typeof response.headers['content-security-policy'] === 'string',
    };
    sentRequests.set(correlationId, sent);
    return sent;
  }

  /** The audit outcome of each request sent so far, by correlation id. */
  async function auditedOutcomes(): Promise<Map<string, string>> {
    await api.app.get(PostgresAuditTrail).flush();
    const rows: { record: string }[] = await api.db.query(
      `SELECT record FROM audit_log WHERE (record::jsonb) ->> 'correlationId' LIKE 'matrix-%'`,
    );
    return new Map(
      rows.map(({ record }) => {
        const parsed = JSON.parse(record) as AuditRecord;
        return [parsed.correlationId, parsed.outcome] as const;
      }),
    );
  }

  const failed = (sent: Sent) => sent.status === 0 || sent.status >= 500;
  const answered = (sent: Sent) => ({ request: sent.request, status: sent.status, code: sent.body.code });

  it('answers no attack with 2xx, with the security headers and a DENIED audit record for each', async () => {
    const outcomes: Sent[] = [];
    for (const route of routes) {
      for (const { attack, wrongRole } of attacksOn(route)) {
        const label = `${route.method.toUpperCase()} ${route.path} × ${attack}${wrongRole ? ` (${wrongRole})` : ''}`;
        const body = BODIES[`${route.method} ${route.path}`];
        outcomes.push(
          await send(label, route.method, urlOf(route, attack), {
            token: await tokenFor(route, attack, wrongRole),
            body: body?.(),
          }),
        );
      }
    }
    const audited = await auditedOutcomes();
    for (const [correlationId, sent] of sentRequests) sent.audited = audited.get(correlationId);

    process.stdout.write(`access matrix: ${routes.length} routes, ${outcomes.length} attacks\n`);
    expect(outcomes.length).toBeGreaterThan(200);
    expect(outcomes.filter((outcome) => failed(outcome) || outcome.status < 300).map(answered)).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.audited !== 'DENIED').map(answered)).toEqual([]);
    expect(outcomes.filter((outcome) => !outcome.securityHeaders).map(answered)).toEqual([]);
  });

  it('answers bad input from an allowed caller on every route with a 4xx problem, headers and an audit record', async () => {
    const outcomes: Sent[] = [];
    for (const route of routes) {
      const role = route.allowed[0];
      const token = await testToken({ sub: 'careless-1', role, offices: ['WAS', 'ATL'] });
      const inputs: BadInput[] =
        route.method !== 'get'
          ? ['malformed body', 'compressed body']
          : route.paged
            ? ['out-of-range page']
            : [];
      for (const input of inputs) {
        const label = `${route.method.toUpperCase()} ${route.path} × ${input}`;
        const url = urlOf(route, 'no token');
        const json = { 'Content-Type': 'application/json' };
        if (input === 'out-of-range page') {
          outcomes.push(await send(label, route.method, `${url}?offset=100000000000000000000`, { token }));
        } else if (input === 'malformed body') {
          outcomes.push(await send(label, route.method, url, { token, body: '{', headers: json }));
        } else {
          const body = JSON.stringify(BODIES[`${route.method} ${route.path}`]?.() ?? {});
          outcomes.push(
            await send(label, route.method, url, {
              token,
              body,
              headers: { ...json, 'Content-Encoding': 'gzip' },
            }),
          );
        }
      }
    }
    const audited = await auditedOutcomes();
    const labels = new Set(outcomes.map((outcome) => outcome.request));
    for (const [correlationId, sent] of sentRequests) {
      if (labels.has(sent.request)) sent.audited = audited.get(correlationId);
    }

    expect(outcomes.length).toBeGreaterThan(40);
    expect(outcomes.filter((outcome) => outcome.status < 400 || outcome.status >= 500).map(answered)).toEqual(
      [],
    );
    expect(outcomes.filter((outcome) => outcome.audited !== 'REFUSED').map(answered)).toEqual([]);
    expect(outcomes.filter((outcome) => !outcome.securityHeaders).map(answered)).toEqual([]);
  });

  it('answers a case or officer of another office word for word as one that does not exist', async () => {
    const differences: { request: string; otherOffice: unknown; missing: unknown }[] = [];
    const comparable = (sent: Sent) => ({
      status: sent.status,
      ...Object.fromEntries(
        Object.entries(sent.body).filter(([key]) => !['instance', 'correlationId'].includes(key)),
      ),
    });
    for (const route of routes.filter((route) => /\{(caseId|officerId)\}/.test(route.path))) {
      const role = roleFor(route);
      if (!role) continue;
      const body = BODIES[`${route.method} ${route.path}`]?.();
      const label = `${route.method.toUpperCase()} ${route.path}`;
      const url = urlOf(route, 'another office');
      const otherOffice = await send(`${label} × another office`, route.method, url, {
        token: await testToken({ sub: 'attacker-1', role, offices: ['SEA'] }),
        body,
      });
      const missingUrl = url.replaceAll(caseId, randomUUID()).replace('WAS-ND-001', 'WAS-ND-999');
      const missing = await send(`${label} × missing`, route.method, missingUrl, {
        token: await testToken({ sub: 'insider-1', role, offices: ['WAS'] }),
        body,
      });
      if (JSON.stringify(comparable(otherOffice)) !== JSON.stringify(comparable(missing))) {
        differences.push({
          request: label,
          otherOffice: comparable(otherOffice),
          missing: comparable(missing),
        });
      }
    }
    expect(differences).toEqual([]);
  });
});
