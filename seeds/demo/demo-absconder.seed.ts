import { authSettingsOf, signDevelopmentToken } from '@casetrail/auth';
import { loadConfig } from '@casetrail/config';

/**
 * The demo's absconder, after the scheduler has started: its catch-up records the misses of
 * subjects who stopped reporting, and three in a row raise suspected-absconding alerts for the
 * supervisors. A supervisor then declares the first one an absconder, so the FUGITIVE docket, its
 * counts and a referral show too. Does nothing when a demo office has a fugitive already (a
 * restart), or when no suspicion appears in time.
 */
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3000';
const WAIT_MS = 30_000;
const NARRATIVE =
  'Demo data: three home visits found the address vacant, the sponsor has not seen the subject ' +
  'for weeks and the phone number is disconnected.';

async function call<T>(path: string, body?: unknown): Promise<T> {
  const token = await signDevelopmentToken(authSettingsOf(loadConfig()), {
    sub: 'demo-supervisor',
    role: 'SUPERVISOR',
    offices: ['WAS', 'ATL', 'SEA', 'STP'],
  });
  const response = await fetch(`${apiUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

async function main(): Promise<void> {
  const { items: officers } = await call<{ items: { fugitive: number }[] }>(
    '/caseloads/officers?docket=FUGITIVE',
  );
  if (officers.some((officer) => officer.fugitive > 0)) {
    process.stdout.write('demo absconder: a fugitive is on the docket already, nothing to do\n');
    return;
  }
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const { items } = await call<{ items: { caseId: string; status: string }[] }>(
      '/alerts?kind=SUSPECTED_ABSCONDING&status=RAISED',
    );
    const [suspected] = items;
    if (suspected) {
      await call(`/cases/${suspected.caseId}/absconding-determinations`, {
        decision: 'ABSCONDED',
        narrative: NARRATIVE,
        determinedAt: new Date().toISOString(),
      });
      process.stdout.write(`demo absconder: case ${suspected.caseId} declared an absconder\n`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  process.stdout.write('demo absconder: no suspected absconding yet, none declared\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`demo absconder failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
