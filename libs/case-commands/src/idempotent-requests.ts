import type { EntityManager } from 'typeorm';
import type { ClaimedWrite } from '@casetrail/event-store';

/** A request made again with the same Idempotency-Key but a different body. */
export class IdempotencyKeyReused extends Error {
  constructor() {
    super('this Idempotency-Key was already used for a different request');
    this.name = 'IdempotencyKeyReused';
  }
}

export interface Idempotency {
  /** Whose keys these are: one caller's key never collides with another's. */
  scope: string;
  key: string;
  /** A hash of what was asked (route and body); the same key must always ask the same. */
  requestHash: string;
}

export async function findRememberedResponse<T>(
  manager: EntityManager,
  idempotency: Idempotency,
): Promise<T | undefined> {
  const rows: { request_hash: string; response: T }[] = await manager.query(
    'SELECT request_hash, response FROM idempotent_requests WHERE scope = $1 AND idempotency_key = $2',
    [idempotency.scope, idempotency.key],
  );
  const row = rows.at(0);
  if (!row) return undefined;
  if (row.request_hash !== idempotency.requestHash) throw new IdempotencyKeyReused();
  return row.response;
}

/**
 * Remembers the answer to a request with the command's append, in its statement, only if the case's
 * compare-and-set succeeds: the key is remembered exactly when the events are. A second request
 * with the same key racing this one fails the statement (unique violation) and appends nothing.
 */
export function rememberedResponseWrite(
  idempotency: Idempotency,
  caseId: string,
  response: unknown,
): ClaimedWrite {
  return {
    name: 'remembered',
    sql: (rows) => `INSERT INTO idempotent_requests (scope, idempotency_key, request_hash, response)
      SELECT remembered.scope, remembered.idempotency_key, remembered.request_hash,
             coalesce(remembered.response, 'null')
      FROM jsonb_to_recordset(${rows})
        AS remembered(scope text, idempotency_key text, request_hash text, response jsonb, case_id uuid)
      WHERE remembered.case_id IN (SELECT stream_id FROM claimed)`,
    rows: [
      {
        scope: idempotency.scope,
        idempotency_key: idempotency.key,
        request_hash: idempotency.requestHash,
        response,
        case_id: caseId,
      },
    ],
  };
}

/**
 * Written in the caller's transaction after its appends, for a request whose answer is only known
 * once every case's outcome is (a bulk request): the key is remembered exactly when the events are.
 */
export async function rememberResponse(
  manager: EntityManager,
  idempotency: Idempotency,
  response: unknown,
): Promise<void> {
  await manager.query(
    `INSERT INTO idempotent_requests (scope, idempotency_key, request_hash, response) VALUES ($1, $2, $3, $4)`,
    [idempotency.scope, idempotency.key, idempotency.requestHash, JSON.stringify(response)],
  );
}

export function isUniqueViolation(error: unknown): boolean {
  const code =
    (error as { driverError?: { code?: string }; code?: string }).driverError?.code ??
    (error as { code?: string }).code;
  return code === '23505';
}
