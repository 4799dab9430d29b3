import { authSettingsOf, signDevelopmentToken } from '@casetrail/auth';
import { loadConfig } from '@casetrail/config';
import { ROSTER } from './system';

export interface WriteResult {
  status: number;
  caseId?: string;
  version?: number;
  eventIds: string[];
  replayed: boolean;
}

const SUBJECT = {
  givenName: 'Synthetic',
  familyName: 'Subject',
  aNumber: 'A000000000',
  dateOfBirth: '1990-01-01',
  countryOfCitizenship: 'MX',
};
const OPENED_AT = '2026-11-01T09:00:00.000Z';

let authorization: Promise<string> | undefined;

/** The officer the suite acts as, with a token the api accepts in its development configuration. */
function headers(): Promise<Record<string, string>> {
  authorization ??= signDevelopmentToken(authSettingsOf(loadConfig({})), {
    sub: ROSTER.officers[0],
    role: 'OFFICER',
    offices: [ROSTER.officeId],
  }).then((token) => `Bearer ${token}`);
  return authorization.then((value) => ({
    'content-type': 'application/json',
    authorization: value,
    'x-user-id': ROSTER.officers[0],
  }));
}

/** Commands as an officer sends them; a network failure is status 0. */
export class ApiClient {
  constructor(private readonly baseUrl: string) {}

  openCase(extraHeaders: Record<string, string> = {}, body = openCaseBody()): Promise<WriteResult> {
    return this.post('/cases', body, extraHeaders);
  }

  requestDetainer(
    caseId: string,
    sequence: number,
    extraHeaders: Record<string, string> = {},
  ): Promise<WriteResult> {
    return this.post(`/cases/${caseId}/detainers`, detainerBody(sequence), extraHeaders);
  }

  async post(path: string, body: unknown, extraHeaders: Record<string, string> = {}): Promise<WriteResult> {
    try {
      const response = await fetch(this.baseUrl + path, {
        method: 'POST',
        headers: { ...(await headers()), ...extraHeaders },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      if (response.status < 200 || response.status >= 300)
        return { status: response.status, eventIds: [], replayed: false };
      const parsed = JSON.parse(text) as { caseId: string; version: number; events: { eventId: string }[] };
      return {
        status: response.status,
        caseId: parsed.caseId,
        version: parsed.version,
        eventIds: parsed.events.map((event) => event.eventId),
        replayed: response.headers.get('idempotent-replayed') === 'true',
      };
    } catch {
      return { status: 0, eventIds: [], replayed: false };
    }
  }
}

export function openCaseBody() {
  return { officeId: ROSTER.officeId, officerId: ROSTER.officers[0], subject: SUBJECT, openedAt: OPENED_AT };
}

export function detainerBody(sequence: number) {
  return {
    jurisdictionId: `J-${sequence % 50}`,
    requestedAt: new Date(Date.parse(OPENED_AT) + (sequence + 1) * 60_000).toISOString(),
  };
}
