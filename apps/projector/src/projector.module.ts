import { Module } from '@nestjs/common';
import { ConfigModule } from '@casetrail/config';
import { DatabaseModule } from '@casetrail/database';
import { MessagingModule } from '@casetrail/messaging';
import { ReadModelsModule } from '@casetrail/read-models';
import { CaseEventsConsumerService } from './case-events-consumer/case-events-consumer.service';

const consumers = [CaseEventsConsumerService];

@Module({
  imports: [ConfigModule, DatabaseModule, MessagingModule, ReadModelsModule],
  providers: [...consumers],
})
export class ProjectorModule {}
