import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
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
  app.useGlobalPipes(
    new BodyGuardPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new RequestValidationFailed(toFieldErrors(errors)),
    }),
  );
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('Casetrail')
    .setDescription('Officers record case events; supervisors read caseloads.')
    .setVersion('1')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}
