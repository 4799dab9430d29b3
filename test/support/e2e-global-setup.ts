import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// Global setup runs outside the test runtime, where the @casetrail/* aliases are not mapped, so it
// repeats two names of libs/testing/src/personal-data-scan.ts rather than importing them.
const E2E_RUN_DIR = join(__dirname, '..', '..', '.run', 'e2e');
const E2E_RUN_FLAG = 'CASETRAIL_E2E_RUN';

/** A clean record of this run: what the apps print and which topics they write. */
export default function setup(): void {
  rmSync(E2E_RUN_DIR, { recursive: true, force: true });
  mkdirSync(E2E_RUN_DIR, { recursive: true });
  process.env[E2E_RUN_FLAG] = '1';
}
