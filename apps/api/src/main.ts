import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@casetrail/config';
import { ApiModule } from './api.module';
import { configureApi } from './api.setup';

async function bootstrap(): Promise<void> {
  const app = configureApi(
    await NestFactory.create(ApiModule, { bodyParser: false, forceCloseConnections: true }),
  );
  const config = app.get(AppConfig);
  await app.listen(config.PORT, '0.0.0.0');
  new Logger('Api').log(`listening on port ${config.PORT}`);
}

void bootstrap();
