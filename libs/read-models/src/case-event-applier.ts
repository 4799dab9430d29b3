import { Injectable } from '@nestjs/common';
import { caseEventFromMessage, toCaseEventMessage } from '@casetrail/cases';
import { evolve } from '@casetrail/domain';
import { PostgresEventStore } from '@casetrail/event-store';
import type { EntityManager } from 'typeorm';
import type { CaseChange, CaseEventRecord, CaseProjection } from './case-change';
import {
  loadCaseSummaries,
  lockCaseSummary,
  saveCaseSummaries,
  saveCaseSummary,
  type CaseSummaryRow,
} from './case-summary/case-summary.store';

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
    const outcome: ApplyOutcome = {
      applied: 0,
      duplicates: 0,
      filledFromStore: 0,
      officeIds: new Set(),
      alertIds: new Set(),
    };
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
          // The store has every event before it reaches Kafka; a gap it cannot fill means the
          // message's version is not real, and applying it would skip the case's real events.
          if (missing.length !== record.streamVersion - 1 - summary.version) {
            throw new CaseEventNotInStore(caseId, record.streamVersion);
          }
          for (const stored of missing) {
            summary = await this.applyOne(
              manager,
              summary,
              toCaseEventMessage(stored, ''),
              replaying,
              outcome.alertIds,
            );
            outcome.filledFromStore += 1;
          }
        }
        summary = await this.applyOne(manager, summary, record, replaying, outcome.alertIds);
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

  /**
   * A rebuild's batch: the same outcome as `apply` with `replaying`, in a handful of statements
   * instead of several per event. The summaries are read in one query and without locks, so this
   * is only for a schema no one else writes to (a rebuild's). Returns how many events it applied.
   */
  async replay(manager: EntityManager, records: CaseEventRecord[]): Promise<number> {
    const byCase = new Map<string, CaseEventRecord[]>();
    for (const record of records) {
      const list = byCase.get(record.caseId);
      if (list) list.push(record);
      else byCase.set(record.caseId, [record]);
    }
    const summaries = await loadCaseSummaries(manager, [...byCase.keys()]);
    const changes: CaseChange[] = [];
    const saved: { summary: CaseSummaryRow; updatedAt: string }[] = [];
    const change = (summary: CaseSummaryRow, record: CaseEventRecord): CaseSummaryRow => {
      const event = caseEventFromMessage({ ...record, officeId: '' });
      const after = evolve(summary.state, event);
      changes.push({
        caseId: summary.caseId,
        message: record,
        event,
        before: summary.state,
        after,
        replaying: true,
      });
      return { caseId: summary.caseId, version: record.streamVersion, state: after };
    };
    for (const [caseId, caseRecords] of byCase) {
      caseRecords.sort((a, b) => a.streamVersion - b.streamVersion);
      const start = summaries.get(caseId);
      if (!start) continue;
      let summary = start;
      for (const record of caseRecords) {
        if (record.streamVersion <= summary.version) continue;
        if (record.streamVersion > summary.version + 1) {
          const missing = await this.eventStore.readStream(
            caseId,
            summary.version + 1,
            record.streamVersion - 1,
          );
          for (const stored of missing) summary = change(summary, toCaseEventMessage(stored, ''));
        }
        summary = change(summary, record);
      }
      if (summary.version !== start.version) {
        saved.push({ summary, updatedAt: caseRecords.at(-1)?.recordedAt ?? new Date().toISOString() });
      }
    }
    for (const projection of this.projections) {
      if (projection.applyReplayed) await projection.applyReplayed(manager, changes);
      else for (const one of changes) await projection.apply(manager, one);
    }
    await saveCaseSummaries(manager, saved);
    return changes.length;
  }

  private async applyOne(
    manager: EntityManager,
    summary: CaseSummaryRow,
    record: CaseEventRecord,
    replaying: boolean,
    changedAlertIds: Set<string>,
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
        changedAlertIds,
      });
    }
    return { caseId: summary.caseId, version: record.streamVersion, state: after };
  }
}

/** A case event whose predecessors the event store does not have: not a real event of the case. */
export class CaseEventNotInStore extends Error {
  override readonly name = 'CaseEventNotInStore';

  constructor(caseId: string, streamVersion: number) {
    super(`case ${caseId} has no events before version ${streamVersion} in the event store`);
  }
}
