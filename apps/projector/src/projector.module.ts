import { Module } from '@nestjs/common';
import { Clock, PolicyBook, SystemClock } from '@casetrail/case-commands';
import { ConfigModule } from '@casetrail/config';
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
    inject: [PostgresEventStore, PolicyBook],
    useFactory: (eventStore: PostgresEventStore, policies: PolicyBook) =>
      new CaseEventApplier(liveCaseProjections({ policyAt: (at) => policies.inEffectAt(at) }), eventStore),
  },
];
/** The published policy, followed as it changes: new acknowledgement deadlines are held under it. */
const policy = [PolicyBook, { provide: Clock, useClass: SystemClock }];

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    MessagingModule,
    EventStoreModule,
    ObservabilityModule.forRoot({ app: 'projector', dependencies: ['postgres', 'kafka'] }),
  ],
  providers: [...consumers, ...metrics, ...projections, ...policy],
})
export class ProjectorModule {}
