import { Module } from '@nestjs/common';
import { ConfigModule } from '@casetrail/config';
import { DatabaseModule } from '@casetrail/database';

/** Durable deadlines → CheckInMissed / RiskClassificationOverdue. Boots on the shared infrastructure. */
@Module({ imports: [ConfigModule, DatabaseModule] })
export class SchedulerModule {}
