// First: tracing (when configured) must wrap http, express and pg before anything loads them.
import '@casetrail/observability/tracing.register';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppConfig } from '@casetrail/config';
import { listenForOps } from '@casetrail/observability';
import { ProjectorModule } from './projector.module';

async function bootstrap(): Promise<void> {
  // An HTTP app only for its ops server (/health/*, /metrics); the work is CaseEventsConsumerService's.
  const app = await NestFactory.create(ProjectorModule, { bufferLogs: true, forceCloseConnections: true });
  app.useLogger(app.get(PinoLogger));
  // SIGTERM: stop fetching, finish the batch in hand and commit its offsets, then exit 0 rather
  // than die by the re-raised signal, so a supervisor sees a clean stop.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await listenForOps(app, app.get(AppConfig).PROJECTOR_OPS_PORT, 'Projector');
}

void bootstrap();
