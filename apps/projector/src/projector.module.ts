import { Module } from '@nestjs/common';
import { ConfigModule } from '@casetrail/config';
import { DatabaseModule } from '@casetrail/database';
import { MessagingModule } from '@casetrail/messaging';
import { ObservabilityModule } from '@casetrail/observability';
import { ReadModelsModule } from '@casetrail/read-models';
import { CaseEventsConsumerMetrics } from './case-events-consumer/case-events-consumer.metrics';
import { CaseEventsConsumerService } from './case-events-consumer/case-events-consumer.service';

const consumers = [CaseEventsConsumerService];
const metrics = [CaseEventsConsumerMetrics];

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    MessagingModule,
    ReadModelsModule,
    ObservabilityModule.forRoot({ app: 'projector', dependencies: ['postgres', 'kafka'] }),
  ],
  providers: [...consumers, ...metrics],
})
export class ProjectorModule {}
