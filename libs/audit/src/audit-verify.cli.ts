import { DataSource } from 'typeorm';
import { loadConfig } from '@casetrail/config';
import { dataSourceOptions } from '@casetrail/database';
import { countUnchained, verifyAuditChain } from './postgres-audit-trail';

/** `npm run audit:verify`: re-computes the audit chain; exit 1 and the first broken record if tampered. */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await new DataSource(dataSourceOptions(config.DATABASE_URL)).initialize();
  try {
    const verdict = await verifyAuditChain(db);
    // Records commands wrote a moment ago wait to be chained by the api; they are not a break.
    const unchained = await countUnchained(db);
    const waiting = unchained > 0 ? `, ${unchained} more written and not yet chained` : '';
    if (verdict.intact) {
      process.stdout.write(`audit trail intact: ${verdict.records} records${waiting}\n`);
    } else {
      process.stdout.write(
        `audit trail BROKEN at record ${verdict.firstBrokenSeq}: ${verdict.reason} (${verdict.records} records read)\n`,
      );
      process.exitCode = 1;
    }
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`audit:verify: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
