import { Injectable } from '@nestjs/common';
import { caseEventFromMessage, toCaseEventMessage } from '@casetrail/cases';
import { evolve } from '@casetrail/domain';
import { PostgresEventStore } from '@casetrail/event-store';
import type { EntityManager } from 'typeorm';
import type { CaseEventRecord, CaseProjection } from './case-change';
import { lockCaseSummary, saveCaseSummary, type CaseSummaryRow } from './case-summary/case-summary.store';

export interface ApplyOutcome {
  applied: number;
  duplicates: number;
  /** Events read from the event store because the delivered stream had a hole. */
  filledFromStore: number;
  /** Offices whose cases changed: what live views need to refresh. */
  officeIds: Set<string>;
}

/**
 * Applies case events to every read model inside the caller's transaction, exactly once in effect:
 * each case's summary records the stream version it reflects, so a redelivered event is skipped,
 * and an event that arrives past a hole is preceded by the missing ones read from the event store.
 */
@Injectable()
export class CaseEventApplier {
  constructor(
    private readonly projections: CaseProjection[],
    private readonly eventStore: PostgresEventStore,
  ) {}

  async apply(
    manager: EntityManager,
    records: CaseEventRecord[],
    { replaying = false } = {},
  ): Promise<ApplyOutcome> {
    const outcome: ApplyOutcome = { applied: 0, duplicates: 0, filledFromStore: 0, officeIds: new Set() };
    const byCase = new Map<string, CaseEventRecord[]>();
    for (const record of records) {
      const list = byCase.get(record.caseId) ?? [];
      list.push(record);
      byCase.set(record.caseId, list);
    }
    // A fixed lock order keeps two overlapping projectors (during a rebalance) from deadlocking.
    for (const caseId of [...byCase.keys()].sort()) {
      const caseRecords = (byCase.get(caseId) ?? []).sort((a, b) => a.streamVersion - b.streamVersion);
      let summary = await lockCaseSummary(manager, caseId);
      const versionBefore = summary.version;
      const stateBefore = summary.state;
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
          for (const stored of missing) {
            summary = await this.applyOne(manager, summary, toCaseEventMessage(stored, ''), replaying);
            outcome.filledFromStore += 1;
          }
        }
        summary = await this.applyOne(manager, summary, record, replaying);
        outcome.applied += 1;
      }
      if (summary.version !== versionBefore) {
        for (const state of [stateBefore, summary.state])
          if (state.opened) outcome.officeIds.add(state.officeId);
        await saveCaseSummary(manager, summary, caseRecords.at(-1)?.recordedAt ?? new Date().toISOString());
      }
    }
    return outcome;
  }

  private async applyOne(
    manager: EntityManager,
    summary: CaseSummaryRow,
    record: CaseEventRecord,
    replaying: boolean,
  ): Promise<CaseSummaryRow> {
    const event = caseEventFromMessage({ ...record, officeId: '' });
    const after = evolve(summary.state, event);
    for (const projection of this.projections) {
      await projection.apply(manager, {
        caseId: summary.caseId,
        message: record,
        event,
        before: summary.state,
        after,
        replaying,
      });
    }
    return { caseId: summary.caseId, version: record.streamVersion, state: after };
  }
}
