import type { CaseEventMessage } from '@casetrail/contracts';
import type { CaseEvent, CaseState } from '@casetrail/domain';
import type { EntityManager } from 'typeorm';

export type CaseEventRecord = Omit<CaseEventMessage, 'officeId'>;

/** One event applied to one case: what every read model is built from. */
export interface CaseChange {
  caseId: string;
  /** The event as delivered; the case's office is `after.officeId`. */
  message: CaseEventRecord;
  event: CaseEvent;
  before: CaseState;
  after: CaseState;
  /** True while a rebuild replays history: read models change, but nothing may be sent again. */
  replaying: boolean;
  /** Where a projection notes the alerts it changed, for live views (absent: nobody is listening). */
  changedAlertIds?: Set<string>;
}

/**
 * A read model fed by case changes. `apply` runs inside the batch's transaction and uses
 * unqualified table names: the search path points at the live read-model schema, or at the one a
 * rebuild is filling.
 */
export interface CaseProjection {
  readonly name: string;
  /** CREATE statements for the projection's tables in `schema`. */
  tables(schema: string): string[];
  /**
   * A batch of changes (several cases, each case's in order; live, or replayed by a rebuild), in a
   * few set-wise statements rather than some per change: the tables must end as they would after
   * each change in turn, and what is sent is what each change in turn would send.
   */
  apply(manager: EntityManager, changes: readonly CaseChange[]): Promise<void>;
  /**
   * The projection's tables whose rows are counters only added to (never read to decide anything):
   * a rebuild by several workers lets each count into a copy of its own and adds the copies up.
   */
  readonly counters?: readonly CounterTable[];
  /**
   * Runs in a rebuild's swap transaction after the last replayed event, with the search path on
   * the rebuilt schema: brings in what the read model keeps that no event records.
   */
  finishRebuild?(manager: EntityManager): Promise<void>;
}

/** A table of counters: each row's `sums` columns are totals of the changes to its `keys`. */
export interface CounterTable {
  table: string;
  keys: readonly string[];
  sums: readonly string[];
}
