import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppConfig } from '@casetrail/config';
import { ApiModule } from './api.module';
import { configureApi } from './api.setup';

async function bootstrap(): Promise<void> {
  const app = configureApi(
    await NestFactory.create(ApiModule, { bodyParser: false, bufferLogs: true, forceCloseConnections: true }),
  );
  app.useLogger(app.get(PinoLogger));
  const config = app.get(AppConfig);
  await app.listen(config.PORT, '0.0.0.0');
  new Logger('Api').log(`listening on port ${config.PORT}`);
}

void bootstrap();
