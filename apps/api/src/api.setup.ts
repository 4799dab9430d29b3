import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppConfig } from '@casetrail/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { RateLimitMiddleware } from './access/rate-limit.middleware';
import { AuditMiddleware } from './audit/audit.middleware';
import { jsonBodyParser } from './http/json-body';
import {
  BodyGuardPipe,
  rejectUnreadableBodies,
  RequestValidationFailed,
  toFieldErrors,
} from './problem-details/validation';
import { correlationIdMiddleware } from './request-context/correlation-id';

/** Everything main.ts and the integration tests both need, so tests exercise the real pipeline. */
export function configureApi(app: INestApplication): INestApplication {
  const express = app as NestExpressApplication;
  routeCanonicalPathsOnly(express);
  express.disable('x-powered-by');
  // In this order, before the body parser and before routing, so that every request, one with an
  // unparsable body or an unknown path too, has a correlation id, the security headers, an audit
  // record and a place in its caller's rate limit.
  express.use(correlationIdMiddleware);
  express.use(helmet());
  const audit = app.get(AuditMiddleware);
  express.use(audit.use.bind(audit));
  const rateLimit = app.get(RateLimitMiddleware);
  express.use(rateLimit.use.bind(rateLimit));
  // Closed unless origins are configured: the dashboard is served by the api itself.
  const { corsOrigins } = app.get(AppConfig);
  if (corsOrigins.length > 0)
    app.enableCors({
      origin: corsOrigins,
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Correlation-Id'],
    });
  express.use(jsonBodyParser());
  express.use(rejectUnreadableBodies);
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

/**
 * `/CASES/…`, `/Cases/…` and `/cases/…/` reach no handler: one path per route, so what the access
 * checks, the audit and the metrics see is what the handler serves. Express reads these settings
 * when it creates its router (the adapter does that before this runs), and each route takes them
 * from the router when it is registered, at init; so the router is told as well as the app.
 */
function routeCanonicalPathsOnly(app: NestExpressApplication): void {
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  const router = (
    app.getHttpAdapter().getInstance() as { router: { caseSensitive?: boolean; strict?: boolean } }
  ).router;
  router.caseSensitive = true;
  router.strict = true;
}
