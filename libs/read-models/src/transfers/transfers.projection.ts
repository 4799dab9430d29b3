import type { TransferState } from '@casetrail/domain';
import type { EntityManager } from 'typeorm';
import type { CaseChange, CaseProjection } from '../case-change';

/**
 * One row per transfer, copied from the case's state after any change to it (requested, accepted,
 * declined, withdrawn, or lapsed with the case's closure). Rows hold the transfer's latest state,
 * so a redelivered or re-applied event writes the same row again.
 */
export class TransfersProjection implements CaseProjection {
  readonly name = 'transfers';

  tables(schema: string): string[] {
    return [
      `CREATE TABLE ${schema}.transfers (
         case_id uuid NOT NULL,
         transfer_id text NOT NULL,
         status text NOT NULL,
         from_office_id text NOT NULL,
         from_officer_id text NOT NULL,
         to_office_id text NOT NULL,
         reason text NOT NULL,
         requested_by text NOT NULL,
         requested_at timestamptz NOT NULL,
         to_officer_id text,
         settled_by text,
         settled_at timestamptz,
         decline_reason text,
         PRIMARY KEY (case_id, transfer_id)
       )`,
      `CREATE INDEX transfers_incoming ON ${schema}.transfers (to_office_id, status, requested_at)`,
      `CREATE INDEX transfers_outgoing ON ${schema}.transfers (from_office_id, status, requested_at)`,
    ];
  }

  /** The last change to each transfer in the batch counts. */
  async apply(manager: EntityManager, changes: readonly CaseChange[]): Promise<void> {
    const latest = new Map<string, Record<string, unknown>>();
    for (const { caseId, before, after } of changes) {
      if (!after.opened || !after.transfers) continue;
      const earlier = before.opened ? before.transfers : undefined;
      for (const transfer of Object.values(after.transfers)) {
        if (sameTransfer(earlier?.[transfer.transferId], transfer)) continue;
        latest.set(`${caseId}/${transfer.transferId}`, rowOf(caseId, transfer));
      }
    }
    if (latest.size === 0) return;
    await manager.query(
      `INSERT INTO transfers (case_id, transfer_id, status, from_office_id, from_officer_id, to_office_id,
         reason, requested_by, requested_at, to_officer_id, settled_by, settled_at, decline_reason)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, transfer_id text, status text,
         from_office_id text, from_officer_id text, to_office_id text, reason text, requested_by text,
         requested_at timestamptz, to_officer_id text, settled_by text, settled_at timestamptz,
         decline_reason text)
       ON CONFLICT (case_id, transfer_id) DO UPDATE SET status = EXCLUDED.status,
         to_officer_id = EXCLUDED.to_officer_id, settled_by = EXCLUDED.settled_by,
         settled_at = EXCLUDED.settled_at, decline_reason = EXCLUDED.decline_reason`,
      [JSON.stringify([...latest.values()])],
    );
  }
}

function sameTransfer(earlier: TransferState | undefined, later: TransferState): boolean {
  return earlier !== undefined && JSON.stringify(earlier) === JSON.stringify(later);
}

function rowOf(caseId: string, transfer: TransferState): Record<string, unknown> {
  return {
    case_id: caseId,
    transfer_id: transfer.transferId,
    status: transfer.status,
    from_office_id: transfer.fromOfficeId,
    from_officer_id: transfer.fromOfficerId,
    to_office_id: transfer.toOfficeId,
    reason: transfer.reason,
    requested_by: transfer.requestedBy,
    requested_at: transfer.requestedAt,
    to_officer_id: transfer.toOfficerId ?? null,
    settled_by: transfer.settledBy ?? null,
    settled_at: transfer.settledAt ?? null,
    decline_reason: transfer.declineReason ?? null,
  };
}
