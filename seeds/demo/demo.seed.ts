import { pick, seededRandom } from '../shared/random';

/**
 * Demo data through the public API, so it travels the same path as an officer's commands:
 * a few field offices whose non-detained officers carry far more cases than detained ones.
 * Runs once: an API that already shows caseloads is left as it is. Names are synthetic.
 */
const OFFICES = {
  WAS: 'Washington Field Office',
  ATL: 'Atlanta Field Office',
  SEA: 'Seattle Field Office',
  STP: 'St. Paul Field Office',
} as const;
const GIVEN_NAMES = ['Alex', 'Maria', 'Jun', 'Samir', 'Ana', 'Luis', 'Olga', 'Kwame', 'Mei', 'Tomas'];
const FAMILY_NAMES = ['Rivera', 'Nguyen', 'Haddad', 'Kowalski', 'Mensah', 'Silva', 'Chen', 'Ortiz'];
const COUNTRIES = ['MX', 'GT', 'HN', 'SV', 'VN', 'CN', 'IN', 'BR'];
const DAY_MS = 24 * 60 * 60 * 1000;

const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3000';

async function post(path: string, body: unknown): Promise<{ caseId: string }> {
  const response = await fetch(`${apiUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-user-id': 'demo-seed' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { caseId: string };
}

async function alreadySeeded(): Promise<boolean> {
  const response = await fetch(`${apiUrl}/caseloads/officers?limit=1`);
  const { items } = (await response.json()) as { items: unknown[] };
  return items.length > 0;
}

async function main(): Promise<void> {
  if (await alreadySeeded()) {
    process.stdout.write('demo seed: data already present, nothing to do\n');
    return;
  }
  const random = seededRandom(20261123);
  const now = Date.now();
  let cases = 0;
  for (const [office, name] of Object.entries(OFFICES)) {
    await post('/offices', { officeId: office, name });
    for (let officer = 1; officer <= 3; officer += 1) {
      const detainedUnit = officer === 1;
      const officerId = `${office}-${detainedUnit ? 'DET' : 'ND'}-${String(officer).padStart(3, '0')}`;
      await post('/officers', {
        officerId,
        officeId: office,
        displayName: `Officer ${officerId}`,
        unit: detainedUnit ? 'DETAINED' : 'NON_DETAINED',
      });
      const caseCount = detainedUnit ? 4 + Math.floor(random() * 3) : 8 + Math.floor(random() * 8);
      for (let index = 0; index < caseCount; index += 1) {
        const openedAt = new Date(now - (10 + random() * 50) * DAY_MS).toISOString();
        const { caseId } = await post('/cases', {
          officeId: office,
          officerId,
          subject: {
            givenName: pick(random, GIVEN_NAMES),
            familyName: pick(random, FAMILY_NAMES),
            aNumber: `A${String(100_000_000 + Math.floor(random() * 899_999_999)).slice(0, 9)}`,
            dateOfBirth: new Date(
              Date.UTC(
                1960 + Math.floor(random() * 45),
                Math.floor(random() * 12),
                1 + Math.floor(random() * 28),
              ),
            )
              .toISOString()
              .slice(0, 10),
            countryOfCitizenship: pick(random, COUNTRIES),
          },
          openedAt,
        });
        if (detainedUnit) {
          const bookedInAt = new Date(Date.parse(openedAt) + random() * 5 * DAY_MS).toISOString();
          await post(`/cases/${caseId}/detentions`, { facilityId: `${office}-FAC-1`, bookedInAt });
        }
        cases += 1;
      }
    }
  }
  process.stdout.write(`demo seed: opened ${cases} cases in ${Object.keys(OFFICES).length} offices\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
