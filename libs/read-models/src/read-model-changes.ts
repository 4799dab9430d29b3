import type { EntityManager } from 'typeorm';

/** Postgres channel on which the projector announces committed read-model changes. */
export const READ_MODEL_CHANNEL = 'casetrail_read_models';

export interface ReadModelChange {
  officeIds: string[];
  /** Alerts whose row changed (raised, acknowledged, escalated, resolved, moved): ids only. */
  alertIds?: string[];
  /** The W3C trace context of the batch that made the change, when tracing is on. */
  traceparent?: string;
}

/** Postgres refuses a NOTIFY payload of 8000 bytes or more; stay well below it. */
const MAX_PAYLOAD_BYTES = 7_000;

/**
 * NOTIFY is transactional: listeners hear of the change only if, and when, the batch commits.
 * A change naming many alerts goes out as several notifications, each under the payload limit.
 */
export async function announceReadModelChange(
  manager: EntityManager,
  change: ReadModelChange,
): Promise<void> {
  for (const payload of payloadsOf(change))
    await manager.query('SELECT pg_notify($1, $2)', [READ_MODEL_CHANNEL, payload]);
}

function payloadsOf({ officeIds, alertIds = [], traceparent }: ReadModelChange): string[] {
  if (officeIds.length === 0 && alertIds.length === 0) return [];
  const payloads: string[] = [];
  const trace = traceparent ? { traceparent } : {};
  let current: ReadModelChange = { ...trace, officeIds };
  let size = Buffer.byteLength(JSON.stringify(current));
  for (const alertId of alertIds) {
    const added = Buffer.byteLength(JSON.stringify(alertId)) + 1;
    if (size + added + '"alertIds":[],'.length > MAX_PAYLOAD_BYTES && current.alertIds) {
      payloads.push(JSON.stringify(current));
      current = { ...trace, officeIds: [] };
      size = Buffer.byteLength(JSON.stringify(current));
    }
    (current.alertIds ??= []).push(alertId);
    size += added;
  }
  payloads.push(JSON.stringify(current));
  return payloads;
}

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

export function parseReadModelChange(payload: string | undefined): ReadModelChange | undefined {
  try {
    const parsed = JSON.parse(payload ?? '') as Partial<ReadModelChange>;
    if (!Array.isArray(parsed.officeIds)) return undefined;
    const change: ReadModelChange = { officeIds: parsed.officeIds.filter((id) => typeof id === 'string') };
    if (Array.isArray(parsed.alertIds))
      change.alertIds = parsed.alertIds.filter((id) => typeof id === 'string');
    if (typeof parsed.traceparent === 'string' && TRACEPARENT.test(parsed.traceparent))
      change.traceparent = parsed.traceparent;
    return change;
  } catch {
    return undefined;
  }
}
