import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, PolicyBook } from '@casetrail/case-commands';
import { recomputePendingDeadlines } from '@casetrail/deadlines';

/**
 * Applies each newly effective policy version to the deadlines still pending, at its effective
 * time: the scheduler checks before each poll's firing, so no deadline fires under a window the
 * policy has replaced. A check in memory (PolicyBook) until a version takes effect; one UPDATE
 * then, which several schedulers may run alike (it moves each row once).
 */
@Injectable()
export class RecomputePendingDeadlines {
  private readonly logger = new Logger('Scheduler');
  /** The version this process last recomputed under; -1: not yet, so start-up catches up once. */
  private appliedVersion = -1;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policies: PolicyBook,
    private readonly clock: Clock,
  ) {}

  async runOnce(): Promise<number> {
    const policy = this.policies.inEffectAt(this.clock.now().toISOString());
    if (policy.version === this.appliedVersion) return 0;
    const moved = await recomputePendingDeadlines(this.dataSource, policy);
    this.appliedVersion = policy.version;
    if (moved > 0) this.logger.log(`policy version ${policy.version}: ${moved} pending deadlines recomputed`);
    return moved;
  }
}
