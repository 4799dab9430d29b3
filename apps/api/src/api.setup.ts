import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppConfig } from '@casetrail/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  BodyGuardPipe,
  rejectUnreadableBodies,
  RequestValidationFailed,
  toFieldErrors,
} from './problem-details/validation';

/** Everything main.ts and the integration tests both need, so tests exercise the real pipeline. */
export function configureApi(app: INestApplication): INestApplication {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: '64kb' });
  express.use(rejectUnreadableBodies);
  express.disable('x-powered-by');
  express.use(helmet());
  // Closed unless origins are configured: the dashboard is served by the api itself.
  const { corsOrigins } = app.get(AppConfig);
  if (corsOrigins.length > 0)
    app.enableCors({
      origin: corsOrigins,
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Correlation-Id'],
    });
  app.useGlobalPipes(
    new BodyGuardPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new RequestValidationFailed(toFieldErrors(errors)),
    }),
  );
  // SIGTERM: close the server and the pools, then exit 0 rather than die by the re-raised signal,
  // so a supervisor sees a clean stop.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  const openApi = new DocumentBuilder()
    .setTitle('Casetrail')
    .setDescription('Officers record case events; supervisors read caseloads.')
    .setVersion('1')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}
