import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@casetrail/config';
import { listenForOps } from '@casetrail/observability';
import { ProjectorModule } from './projector.module';

async function bootstrap(): Promise<void> {
  // An HTTP app only for its ops server (/health/*, /metrics); the work is CaseEventsConsumerService's.
  const app = await NestFactory.create(ProjectorModule, { forceCloseConnections: true });
  app.enableShutdownHooks();
  await listenForOps(app, app.get(AppConfig).PROJECTOR_OPS_PORT, 'Projector');
}

void bootstrap();
