import { Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@casetrail/config';
import { DatabaseModule } from '@casetrail/database';
import { liveCaseProjections } from '@casetrail/deadlines';
import { EventStoreModule, PostgresEventStore } from '@casetrail/event-store';
import { MessagingModule } from '@casetrail/messaging';
import { ObservabilityModule } from '@casetrail/observability';
import { CaseEventApplier } from '@casetrail/read-models';
import { CaseEventsConsumerMetrics } from './case-events-consumer/case-events-consumer.metrics';
import { CaseEventsConsumerService } from './case-events-consumer/case-events-consumer.service';

const consumers = [CaseEventsConsumerService];
const metrics = [CaseEventsConsumerMetrics];
const projections = [
  {
    provide: CaseEventApplier,
    inject: [PostgresEventStore, AppConfig],
    useFactory: (eventStore: PostgresEventStore, config: AppConfig) =>
      new CaseEventApplier(liveCaseProjections({ policy: config.casePolicy }), eventStore),
  },
];

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    MessagingModule,
    EventStoreModule,
    ObservabilityModule.forRoot({ app: 'projector', dependencies: ['postgres', 'kafka'] }),
  ],
  providers: [...consumers, ...metrics, ...projections],
})
export class ProjectorModule {}
