import {
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '@casetrail/config';
import { PollPause } from '@casetrail/database';
import { DeadlineSchedulerMetrics } from './deadline-scheduler.metrics';
import { FireDueDeadlines } from './fire-due-deadlines';
import { RecomputePendingDeadlines } from './recompute-pending-deadlines';

const MAX_BACKOFF_MS = 5000;

/**
 * Polls for due deadlines every SCHEDULER_POLL_MS (200 ms by default), so a deadline fires within
 * that much of its time, plus the work. The timer only paces the polling: business time lives in
 * the deadlines table, and a restart loses nothing.
 */
@Injectable()
export class DeadlineSchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private running = false;
  private loopDone?: Promise<void>;
  private readonly pause = new PollPause();

  constructor(
    private readonly firing: FireDueDeadlines,
    private readonly config: AppConfig,
    private readonly metrics: DeadlineSchedulerMetrics,
    /** Absent in tests of firing alone. */
    @Optional() private readonly recompute?: RecomputePendingDeadlines,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.pause.wake();
    await this.loopDone;
  }

  private async loop(): Promise<void> {
    let backoff = 0;
    while (this.running) {
      try {
        await this.recompute?.runOnce();
        const outcome = await this.firing.runOnce();
        backoff = 0;
        this.metrics.fired.inc(outcome.fired);
        if (outcome.fired + outcome.cancelled > 0) {
          this.logger.log(`deadlines: ${outcome.fired} fired, ${outcome.cancelled} cancelled`);
        }
        if (outcome.claimed === this.config.SCHEDULER_BATCH_SIZE) continue;
      } catch (error) {
        backoff = Math.min(MAX_BACKOFF_MS, Math.max(100, backoff * 2));
        this.logger.warn(`firing deadlines failed, retrying in ${backoff} ms: ${(error as Error).message}`);
      }
      await this.pause.sleep(backoff || this.config.SCHEDULER_POLL_MS);
    }
  }
}
