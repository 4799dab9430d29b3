import { Module } from '@nestjs/common';
import { ConfigModule } from '@casetrail/config';
import { DatabaseModule } from '@casetrail/database';
import { EventStoreModule } from '@casetrail/event-store';
import { MessagingModule } from '@casetrail/messaging';
import { OutboxRelayService } from './outbox-relay/outbox-relay.service';

const workers = [OutboxRelayService];

@Module({
  imports: [ConfigModule, DatabaseModule, EventStoreModule, MessagingModule],
  providers: [...workers],
})
export class RelayModule {}
