import { Module } from '@nestjs/common';
import { ConfigModule } from '@casetrail/config';
import { DatabaseModule } from '@casetrail/database';
import { EventStoreModule } from '@casetrail/event-store';
import { MessagingModule } from '@casetrail/messaging';
import { ObservabilityModule } from '@casetrail/observability';
import { OutboxRelayMetrics } from './outbox-relay/outbox-relay.metrics';
import { OutboxRelayService } from './outbox-relay/outbox-relay.service';

const workers = [OutboxRelayService];
const metrics = [OutboxRelayMetrics];

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    EventStoreModule,
    MessagingModule,
    ObservabilityModule.forRoot({ app: 'relay', dependencies: ['postgres', 'kafka'] }),
  ],
  providers: [...workers, ...metrics],
})
export class RelayModule {}
