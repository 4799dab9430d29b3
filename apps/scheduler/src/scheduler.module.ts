import { Module } from '@nestjs/common';
import { CaseCommandsModule } from '@casetrail/case-commands';
import { ConfigModule } from '@casetrail/config';
import { DatabaseModule } from '@casetrail/database';
import { ObservabilityModule } from '@casetrail/observability';
import { DeadlineSchedulerMetrics } from './deadlines/deadline-scheduler.metrics';
import { DeadlineSchedulerService } from './deadlines/deadline-scheduler.service';
import { FireDueDeadlines } from './deadlines/fire-due-deadlines';
import { RecomputePendingDeadlines } from './deadlines/recompute-pending-deadlines';

const deadlineWorkers = [FireDueDeadlines, RecomputePendingDeadlines, DeadlineSchedulerService];
const metrics = [DeadlineSchedulerMetrics];

/** Durable deadlines → CheckInMissed / RiskClassificationOverdue, and escalations of unacknowledged alerts. */
@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    CaseCommandsModule,
    // The scheduler never touches Kafka, so it is ready without it.
    ObservabilityModule.forRoot({ app: 'scheduler', dependencies: ['postgres'] }),
  ],
  providers: [...deadlineWorkers, ...metrics],
})
export class SchedulerModule {}
