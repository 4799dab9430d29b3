import { Global, Module } from '@nestjs/common';
import { AppConfig } from '@casetrail/config';
import { KafkaMessageBroker } from './kafka-message-broker';
import { MessageBroker } from './message-broker.port';

@Global()
@Module({
  providers: [
    {
      provide: MessageBroker,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new KafkaMessageBroker({
          clientId: 'casetrail',
          brokers: config.kafkaBrokers,
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
        }),
    },
  ],
  exports: [MessageBroker],
})
export class MessagingModule {}
