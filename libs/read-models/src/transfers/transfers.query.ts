import type { TransferStatus } from '@casetrail/domain';
import type { DataSource } from 'typeorm';
import type { OfficeScopedFilter } from '../office-scope';

export const TRANSFER_DIRECTIONS = ['incoming', 'outgoing'] as const;
export type TransferDirection = (typeof TRANSFER_DIRECTIONS)[number];

export interface TransferView {
  caseId: string;
  transferId: string;
  status: TransferStatus;
  fromOfficeId: string;
  fromOfficerId: string;
  toOfficeId: string;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  toOfficerId: string | null;
  settledBy: string | null;
  settledAt: string | null;
  declineReason: string | null;
}

export interface TransferFilter extends OfficeScopedFilter {
  /** incoming: to the office(s); outgoing: from them; absent: either. */
  direction?: TransferDirection;
  status?: TransferStatus;
  limit: number;
  offset: number;
}

interface TransferRow {
  case_id: string;
  transfer_id: string;
  status: TransferStatus;
  from_office_id: string;
  from_officer_id: string;
  to_office_id: string;
  reason: string;
  requested_by: string;
  requested_at: Date;
  to_officer_id: string | null;
  settled_by: string | null;
  settled_at: Date | null;
  decline_reason: string | null;
}

/** An office's side of a transfer: the receiving office for incoming, the sending one for outgoing. */
const SIDE_CONDITION = (column: 'to_office_id' | 'from_office_id') =>
  `(($1::text IS NULL OR ${column} = $1) AND ($2::text[] IS NULL OR ${column} = ANY($2)))`;

/** Transfers seen from the offices in the filter, the oldest request first (the longest waiting). */
export async function findTransfers(db: DataSource, filter: TransferFilter): Promise<TransferView[]> {
  const incoming = SIDE_CONDITION('to_office_id');
  const outgoing = SIDE_CONDITION('from_office_id');
  const side =
    filter.direction === 'incoming'
      ? incoming
      : filter.direction === 'outgoing'
        ? outgoing
        : `(${incoming} OR ${outgoing})`;
  const rows: TransferRow[] = await db.query(
    `SELECT case_id, transfer_id, status, from_office_id, from_officer_id, to_office_id, reason,
            requested_by, requested_at, to_officer_id, settled_by, settled_at, decline_reason
     FROM transfers
     WHERE ${side} AND ($3::text IS NULL OR status = $3)
     ORDER BY requested_at, case_id, transfer_id
     LIMIT $4 OFFSET $5`,
    [filter.officeId ?? null, filter.offices ?? null, filter.status ?? null, filter.limit, filter.offset],
  );
  return rows.map((row) => ({
    caseId: row.case_id,
    transferId: row.transfer_id,
    status: row.status,
    fromOfficeId: row.from_office_id,
    fromOfficerId: row.from_officer_id,
    toOfficeId: row.to_office_id,
    reason: row.reason,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at.toISOString(),
    toOfficerId: row.to_officer_id,
    settledBy: row.settled_by,
    settledAt: row.settled_at?.toISOString() ?? null,
    declineReason: row.decline_reason,
  }));
}
