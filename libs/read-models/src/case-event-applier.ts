import { Injectable } from '@nestjs/common';
import { caseEventFromMessage, toCaseEventMessage } from '@casetrail/contracts';
import { evolve } from '@casetrail/domain';
import { PostgresEventStore } from '@casetrail/event-store';
import type { EntityManager } from 'typeorm';
import type { CaseChange, CaseEventRecord, CaseProjection } from './case-change';
import { loadCaseSummaries, saveCaseSummaries, type CaseSummaryRow } from './case-summary/case-summary.store';

export interface ApplyOutcome {
  applied: number;
  duplicates: number;
  /** Events read from the event store because the delivered stream had a hole. */
  filledFromStore: number;
  /** Offices whose cases changed: what live views need to refresh. */
  officeIds: Set<string>;
  /** Alerts whose row changed: what the live alert feed needs to send. */
  alertIds: Set<string>;
}

/**
 * Applies case events to every read model inside the caller's transaction, exactly once in effect:
 * each case's summary records the stream version it reflects, so a redelivered event is skipped,
 * and an event that arrives past a hole is preceded by the missing ones read from the event store.
 *
 * A batch costs a handful of statements, not several per event: the cases' summaries are read (and,
 * live, locked) at once, every change is worked out in memory, and each projection writes the
 * batch's changes together.
 */
@Injectable()
export class CaseEventApplier {
  constructor(
    private readonly projections: CaseProjection[],
    private readonly eventStore: PostgresEventStore,
  ) {}

  /**
   * `replaying`: a rebuild into a schema nothing else writes to; nothing is sent again, nothing
   * outside the read-model schema changes, and the summaries are read without locks.
   * `newCases`: cases known to have no summary yet, so not looked up (a rebuild meeting a case's
   * first event).
   */
  async apply(
    manager: EntityManager,
    records: CaseEventRecord[],
    { replaying = false, newCases }: { replaying?: boolean; newCases?: ReadonlySet<string> } = {},
  ): Promise<ApplyOutcome> {
    const outcome: ApplyOutcome = {
      applied: 0,
      duplicates: 0,
      filledFromStore: 0,
      officeIds: new Set(),
      alertIds: new Set(),
    };
    const byCase = new Map<string, CaseEventRecord[]>();
    for (const record of records) {
      const list = byCase.get(record.caseId);
      if (list) list.push(record);
      else byCase.set(record.caseId, [record]);
    }
    const caseIds = inOrder([...byCase.keys()], (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const summaries = await loadCaseSummaries(manager, caseIds, { lock: !replaying, unseen: newCases });
    const changes: CaseChange[] = [];
    const saved: { summary: CaseSummaryRow; updatedAt: string }[] = [];
    const changeCase = (summary: CaseSummaryRow, record: CaseEventRecord): CaseSummaryRow => {
      const event = caseEventFromMessage(record);
      const after = evolve(summary.state, event);
      changes.push({
        caseId: summary.caseId,
        message: record,
        event,
        before: summary.state,
        after,
        replaying,
        changedAlertIds: replaying ? undefined : outcome.alertIds,
      });
      return { caseId: summary.caseId, version: record.streamVersion, state: after };
    };
    for (const caseId of caseIds) {
      const caseRecords = inOrder(byCase.get(caseId) ?? [], (a, b) => a.streamVersion - b.streamVersion);
      const start = summaries.get(caseId) as CaseSummaryRow;
      let summary = start;
      for (const record of caseRecords) {
        if (record.streamVersion <= summary.version) {
          outcome.duplicates += 1;
          continue;
        }
        if (record.streamVersion > summary.version + 1) {
          const missing = await this.eventStore.readStream(
            caseId,
            summary.version + 1,
            record.streamVersion - 1,
          );
          // The store has every event before it reaches Kafka; a gap it cannot fill means the
          // message's version is not real, and applying it would skip the case's real events.
          if (missing.length !== record.streamVersion - 1 - summary.version) {
            throw new CaseEventNotInStore(caseId, record.streamVersion);
          }
          for (const stored of missing) summary = changeCase(summary, toCaseEventMessage(stored, ''));
          outcome.filledFromStore += missing.length;
        }
        summary = changeCase(summary, record);
        outcome.applied += 1;
      }
      if (summary.version !== start.version) {
        for (const state of [start.state, summary.state])
          if (state.opened) outcome.officeIds.add(state.officeId);
        saved.push({ summary, updatedAt: caseRecords.at(-1)?.recordedAt ?? new Date().toISOString() });
      }
    }
    if (changes.length === 0) return outcome;
    for (const projection of this.projections) await projection.apply(manager, changes);
    await saveCaseSummaries(manager, saved);
    return outcome;
  }
}

/**
 * `items` sorted in place by `compare`, left as they are when already in order: a rebuild's records,
 * read case by case, always are, and sorting thousands of them copies them first.
 */
function inOrder<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  for (let index = 1; index < items.length; index += 1)
    if (compare(items[index - 1], items[index]) > 0) return items.sort(compare);
  return items;
}

/** A case event whose predecessors the event store does not have: not a real event of the case. */
export class CaseEventNotInStore extends Error {
  override readonly name = 'CaseEventNotInStore';

  constructor(caseId: string, streamVersion: number) {
    super(`case ${caseId} has no events before version ${streamVersion} in the event store`);
  }
}
