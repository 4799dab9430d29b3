// First: tracing (when configured) must wrap http, express and pg before anything loads them.
import '@casetrail/observability/tracing.register';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppConfig } from '@casetrail/config';
import { listenForOps } from '@casetrail/observability';
import { RelayModule } from './relay.module';

async function bootstrap(): Promise<void> {
  // An HTTP app only for its ops server (/health/*, /metrics); the work is OutboxRelayService's.
  const app = await NestFactory.create(RelayModule, { bufferLogs: true, forceCloseConnections: true });
  app.useLogger(app.get(PinoLogger));
  // SIGTERM: finish publishing the outbox batch in hand, then exit 0 rather than die by the
  // re-raised signal, so a supervisor sees a clean stop.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await listenForOps(app, app.get(AppConfig).RELAY_OPS_PORT, 'Relay');
}

void bootstrap();
