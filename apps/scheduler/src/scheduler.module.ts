import { Module } from '@nestjs/common';
import { CasesModule } from '@casetrail/cases';
import { ConfigModule } from '@casetrail/config';
import { DatabaseModule } from '@casetrail/database';
import { DeadlineSchedulerService } from './deadlines/deadline-scheduler.service';
import { FireDueDeadlines } from './deadlines/fire-due-deadlines';

const deadlineWorkers = [FireDueDeadlines, DeadlineSchedulerService];

/** Durable deadlines → CheckInMissed / RiskClassificationOverdue, and escalations of unacknowledged alerts. */
@Module({
  imports: [ConfigModule, DatabaseModule, CasesModule],
  providers: [...deadlineWorkers],
})
export class SchedulerModule {}
