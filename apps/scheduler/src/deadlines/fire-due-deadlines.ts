import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseRepository, Clock } from '@casetrail/case-commands';
import { AppConfig } from '@casetrail/config';
import { addMs, CaseRuleViolation, type Actor, type CaseCommand } from '@casetrail/domain';
import { StreamVersionConflict } from '@casetrail/event-store';
import {
  alertEscalationOf,
  claimDueDeadlines,
  postponeDeadline,
  settleDeadline,
  settleDeadlines,
  type DueDeadline,
} from '@casetrail/deadlines';

/** Who records a missed deadline or an escalation in a case's history. */
export const SCHEDULER_ACTOR: Actor = { userId: 'system:scheduler', role: 'ADMIN' };

export type FiringResult = 'fired' | 'cancelled' | 'retry';

export interface FiringOutcome {
  claimed: number;
  fired: number;
  cancelled: number;
  retry: number;
}

const MAX_BACKOFF_MS = 5 * 60 * 1000;
/** Grace changed but the projector has not moved fire_at yet: look again shortly. */
const NOT_REACHED_RETRY_MS = 1000;

/**
 * Fires due deadlines: claims a batch (FOR UPDATE SKIP LOCKED) and, for each, runs the command
 * through the case's normal command path and marks the row FIRED, in the transaction that claimed
 * it. The append and the mark commit together or not at all, so each deadline fires exactly once,
 * however many schedulers run and whenever one of them dies: a crash rolls the claim back and the
 * row is due again for the others. The domain is the second guard: it refuses a deadline already
 * recorded or no longer current, and such a refusal cancels the row.
 */
@Injectable()
export class FireDueDeadlines {
  private readonly logger = new Logger('Scheduler');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CaseRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** One batch: what was claimed and what became of it. Claims nothing when nothing is due. */
  async runOnce(): Promise<FiringOutcome> {
    const outcome: FiringOutcome = { claimed: 0, fired: 0, cancelled: 0, retry: 0 };
    if (!(await this.anythingDue())) return outcome;
    return this.dataSource.transaction(async (manager) => {
      const due = await claimDueDeadlines(manager, this.now(), this.config.SCHEDULER_BATCH_SIZE);
      outcome.claimed = due.length;
      const settled = await this.fireMissesTogether(manager, due);
      for (const deadline of due)
        outcome[settled.get(deadline.deadlineId) ?? (await this.fireOne(manager, deadline))] += 1;
      return outcome;
    });
  }

  private async anythingDue(): Promise<boolean> {
    const [row]: { due: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM public.deadlines WHERE status = 'PENDING' AND fire_at <= $1) AS due`,
      [this.now()],
    );
    return row.due;
  }

  /**
   * The batch's missed check-ins and overdue RCAs recorded together (CaseRepository.executeEach):
   * the cases loaded, the misses appended and the rows settled in a few statements instead of a
   * handful per deadline, which is what lets a storm of deadlines in the same minute clear in
   * seconds. What this cannot settle — a case that moved meanwhile, a deadline not reached yet, or
   * any failure of the batch as a whole — is left to the one-by-one path below.
   */
  private async fireMissesTogether(
    manager: EntityManager,
    due: DueDeadline[],
  ): Promise<Map<string, Exclude<FiringResult, 'retry'>>> {
    const settled = new Map<string, Exclude<FiringResult, 'retry'>>();
    const misses = due.filter((deadline) => deadline.kind !== 'ALERT_ACK');
    if (misses.length < 2) return settled;
    try {
      await manager.transaction(async (savepoint) => {
        const outcomes = await this.cases.executeEach(
          misses.map((deadline) => ({
            caseId: deadline.caseId,
            command: missCommand(deadline),
            correlationId: deadline.deadlineId,
            causationId: deadline.deadlineId,
          })),
          { actor: SCHEDULER_ACTOR, manager: savepoint },
        );
        const rows: { deadlineId: string; status: 'FIRED' | 'CANCELLED'; outcome: string }[] = [];
        outcomes.forEach((result, index) => {
          const { deadlineId } = misses[index];
          if ('result' in result) {
            rows.push({
              deadlineId,
              status: 'FIRED',
              outcome: result.result.events.map((event) => event.type).join(','),
            });
          } else if (
            result.error instanceof CaseRuleViolation &&
            result.error.code !== 'CASE.DEADLINE_NOT_REACHED'
          ) {
            rows.push({ deadlineId, status: 'CANCELLED', outcome: result.error.code });
          }
        });
        await settleDeadlines(savepoint, rows, this.now());
        for (const row of rows) settled.set(row.deadlineId, row.status === 'FIRED' ? 'fired' : 'cancelled');
      });
    } catch (error) {
      settled.clear();
      this.logger.warn(
        `recording ${misses.length} deadlines together failed, one by one instead: ${(error as Error).message}`,
      );
    }
    return settled;
  }

  /** Each deadline in a savepoint: one that fails is retried later, the batch's others still commit. */
  private async fireOne(manager: EntityManager, deadline: DueDeadline): Promise<FiringResult> {
    try {
      return await manager.transaction((savepoint) => this.fire(savepoint, deadline));
    } catch (error) {
      if (error instanceof StreamVersionConflict) return 'retry'; // the case moved meanwhile: next poll
      const notReached = error instanceof CaseRuleViolation && error.code === 'CASE.DEADLINE_NOT_REACHED';
      const delay = notReached
        ? NOT_REACHED_RETRY_MS
        : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** deadline.attempts);
      const reason = error instanceof CaseRuleViolation ? error.code : (error as Error).message;
      const retryAt = addMs(this.now(), delay);
      if (!notReached) {
        this.logger.warn(
          `deadline ${deadline.deadlineId} failed (attempt ${deadline.attempts + 1}), again at ${retryAt}: ${reason}`,
        );
      }
      await postponeDeadline(manager, deadline.deadlineId, retryAt, reason);
      return 'retry';
    }
  }

  private async fire(manager: EntityManager, deadline: DueDeadline): Promise<FiringResult> {
    switch (deadline.kind) {
      case 'CHECK_IN':
      case 'RCA':
        return this.recordMiss(manager, deadline, missCommand(deadline));
      case 'ALERT_ACK': {
        // Escalation is a case event like a miss: the projector moves the alert, its one writer.
        const escalation = alertEscalationOf(deadline.deadlineId);
        if (!escalation) {
          await settleDeadline(manager, deadline.deadlineId, 'CANCELLED', 'SUPERSEDED', this.now());
          return 'cancelled';
        }
        return this.recordMiss(manager, deadline, { type: 'EscalateMissedCheckInAlert', data: escalation });
      }
    }
  }

  /** Records a passed deadline (a miss, an overdue RCA, an escalation) through the case's command path. */
  private async recordMiss(
    manager: EntityManager,
    deadline: DueDeadline,
    command: CaseCommand,
  ): Promise<FiringResult> {
    try {
      const result = await this.cases.execute(deadline.caseId, command, {
        actor: SCHEDULER_ACTOR,
        correlationId: deadline.deadlineId,
        causationId: deadline.deadlineId,
        manager,
      });
      const recorded = result.events.map((event) => event.type).join(',');
      await settleDeadline(manager, deadline.deadlineId, 'FIRED', recorded, this.now());
      return 'fired';
    } catch (error) {
      // Already recorded, met, moved, acknowledged, or the case moved on (released, detained,
      // closed): nothing to record, and nothing wrong. Only "not yet" is worth another try.
      if (!(error instanceof CaseRuleViolation) || error.code === 'CASE.DEADLINE_NOT_REACHED') throw error;
      await settleDeadline(manager, deadline.deadlineId, 'CANCELLED', error.code, this.now());
      return 'cancelled';
    }
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

/** The command that records a passed check-in or RCA deadline in the case's history. */
function missCommand(deadline: DueDeadline): CaseCommand {
  return deadline.kind === 'RCA'
    ? { type: 'RecordRiskClassificationOverdue', data: { dueAt: deadline.dueAt } }
    : { type: 'RecordMissedCheckIn', data: { dueAt: deadline.dueAt } };
}
