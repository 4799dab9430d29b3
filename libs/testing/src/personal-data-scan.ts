import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Signs of a subject's personal data in text: a personal field of a subject with a value that is
 * not an encrypted envelope, or anything shaped like an A-number.
 */
const PERSONAL_FIELD = /"(givenName|familyName|aNumber|dateOfBirth)"\s*:\s*"(?!enc:v1:)([^"]*)"/g;
const A_NUMBER = /(?<![A-Za-z0-9_:-])A\d{8,9}(?![0-9])/g;

export interface PersonalDataFinding {
  where: string;
  what: string;
}

export function findPersonalData(where: string, text: string): PersonalDataFinding[] {
  const findings: PersonalDataFinding[] = [];
  for (const match of text.matchAll(PERSONAL_FIELD)) findings.push({ where, what: `${match[1]} in clear` });
  for (const match of text.matchAll(A_NUMBER))
    findings.push({ where, what: `A-number ${match[0].slice(0, 3)}…` });
  return findings;
}

/** Set for the end-to-end run by its global setup: app output and topic prefixes are kept. */
export const E2E_RUN_FLAG = 'CASETRAIL_E2E_RUN';

/** Where the end-to-end run keeps what it must scan afterwards: app output and topic prefixes. */
export const E2E_RUN_DIR = join(__dirname, '..', '..', '..', '.run', 'e2e');
const PREFIXES_FILE = 'topic-prefixes.txt';

export function resetE2eRunDir(): void {
  rmSync(E2E_RUN_DIR, { recursive: true, force: true });
  mkdirSync(E2E_RUN_DIR, { recursive: true });
}

export function appendToE2eLog(file: string, text: string): void {
  mkdirSync(E2E_RUN_DIR, { recursive: true });
  appendFileSync(join(E2E_RUN_DIR, file), text);
}

export function rememberTopicPrefix(prefix: string): void {
  appendToE2eLog(PREFIXES_FILE, `${prefix}\n`);
}

export function e2eLogs(): { file: string; text: string }[] {
  return readdirSync(E2E_RUN_DIR)
    .filter((file) => file.endsWith('.log'))
    .map((file) => ({ file, text: readFileSync(join(E2E_RUN_DIR, file), 'utf8') }));
}

export function e2eTopicPrefixes(): string[] {
  try {
    return [...new Set(readFileSync(join(E2E_RUN_DIR, PREFIXES_FILE), 'utf8').split('\n').filter(Boolean))];
  } catch {
    return [];
  }
}
