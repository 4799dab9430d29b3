import type { EntityManager } from 'typeorm';

/** Postgres channel on which the projector announces committed read-model changes. */
export const READ_MODEL_CHANNEL = 'casetrail_read_models';

export interface ReadModelChange {
  officeIds: string[];
}

/** NOTIFY is transactional: listeners hear of the change only if, and when, the batch commits. */
export async function announceReadModelChange(
  manager: EntityManager,
  change: ReadModelChange,
): Promise<void> {
  if (change.officeIds.length === 0) return;
  await manager.query('SELECT pg_notify($1, $2)', [READ_MODEL_CHANNEL, JSON.stringify(change)]);
}

export function parseReadModelChange(payload: string | undefined): ReadModelChange | undefined {
  try {
    const parsed = JSON.parse(payload ?? '') as Partial<ReadModelChange>;
    return Array.isArray(parsed.officeIds)
      ? { officeIds: parsed.officeIds.filter((id) => typeof id === 'string') }
      : undefined;
  } catch {
    return undefined;
  }
}
