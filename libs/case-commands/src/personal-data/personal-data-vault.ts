import type { EntityManager } from 'typeorm';
import type { CaseEvent } from '@casetrail/domain';
import type { ClaimedWrite } from '@casetrail/event-store';
import {
  decryptSubject,
  encryptSubject,
  newSubjectKey,
  unwrapSubjectKey,
  wrapSubjectKey,
} from './personal-data-cipher';

/**
 * Keeps subjects' personal data encrypted at rest and on the topics, one key per case subject, and
 * seals a record by destroying its key: the events stay as they are (history is never rewritten)
 * but their personal fields can no longer be read anywhere they were copied.
 */
/** A case subject's key as stored: wrapped under the master key. */
export interface SubjectKey {
  caseId: string;
  wrappedKey: Buffer;
}

/** Stores subject keys with the append of their CaseOpened, for the cases whose append succeeds. */
export function subjectKeysWrite(keys: readonly SubjectKey[]): ClaimedWrite {
  return {
    name: 'subject_keys',
    sql: (rows) => `INSERT INTO subject_keys (case_id, wrapped_key)
      SELECT subject_key.case_id, decode(subject_key.wrapped_key, 'hex')
      FROM jsonb_to_recordset(${rows}) AS subject_key(case_id uuid, wrapped_key text)
      WHERE subject_key.case_id IN (SELECT stream_id FROM claimed)
      ON CONFLICT (case_id) DO NOTHING`,
    // A key in hex: JSON has no bytes.
    rows: keys.map((key) => ({ case_id: key.caseId, wrapped_key: key.wrappedKey.toString('hex') })),
  };
}

export class PersonalDataVault {
  constructor(private readonly masterKey: Buffer) {}

  /**
   * Events as they may be stored: a CaseOpened gets a new subject key and encrypted personal fields.
   * The keys are written with the events (`subjectKeysWrite`), in the same statement.
   */
  protect(caseId: string, events: CaseEvent[]): { events: CaseEvent[]; subjectKeys: SubjectKey[] } {
    const protectedEvents: CaseEvent[] = [];
    const subjectKeys: SubjectKey[] = [];
    for (const event of events) {
      if (event.type !== 'CaseOpened') {
        protectedEvents.push(event);
        continue;
      }
      const key = newSubjectKey();
      subjectKeys.push({ caseId, wrappedKey: wrapSubjectKey(this.masterKey, caseId, key) });
      protectedEvents.push({
        ...event,
        data: { ...event.data, subject: encryptSubject(key, caseId, event.data.subject) },
      });
    }
    return { events: protectedEvents, subjectKeys };
  }

  /** Events as an authorised reader sees them: decrypted, or SEALED where the key was destroyed. */
  async reveal(manager: EntityManager, caseId: string, events: CaseEvent[]): Promise<CaseEvent[]> {
    if (!events.some((event) => event.type === 'CaseOpened')) return events;
    const key = await this.subjectKey(manager, caseId);
    return events.map((event) =>
      event.type === 'CaseOpened'
        ? { ...event, data: { ...event.data, subject: decryptSubject(key, caseId, event.data.subject) } }
        : event,
    );
  }

  /**
   * Destroys the case subject's key. Answers false when there was none to destroy (already sealed,
   * or no such case).
   */
  async seal(manager: EntityManager, caseId: string, sealedBy: string): Promise<boolean> {
    const sealed: unknown[] = await manager.query(
      `UPDATE subject_keys SET wrapped_key = NULL, destroyed_at = now(), destroyed_by = $2
       WHERE case_id = $1 AND wrapped_key IS NOT NULL RETURNING case_id`,
      [caseId, sealedBy],
    );
    return sealed.length > 0;
  }

  private async subjectKey(manager: EntityManager, caseId: string): Promise<Buffer | undefined> {
    const rows: { wrapped_key: Buffer | null }[] = await manager.query(
      'SELECT wrapped_key FROM subject_keys WHERE case_id = $1',
      [caseId],
    );
    const wrapped = rows.at(0)?.wrapped_key;
    return wrapped ? unwrapSubjectKey(this.masterKey, caseId, wrapped) : undefined;
  }
}
