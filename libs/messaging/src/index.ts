export * from './message-broker.port';
export * from './kafka-message-broker';
export * from './messaging.module';
