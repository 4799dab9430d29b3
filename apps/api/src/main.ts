// First: tracing (when configured) must wrap http, express and pg before anything loads them.
import '@casetrail/observability/tracing.register';
import cluster from 'node:cluster';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppConfig, loadConfig } from '@casetrail/config';
import { ApiModule } from './api.module';
import { configureApi } from './api.setup';
import { superviseApiInstances } from './instances/api-instances';

async function bootstrap(): Promise<void> {
  const app = configureApi(
    await NestFactory.create(ApiModule, { bodyParser: false, bufferLogs: true, forceCloseConnections: true }),
  );
  app.useLogger(app.get(PinoLogger));
  const config = app.get(AppConfig);
  await app.listen(config.PORT, '0.0.0.0');
  new Logger('Api').log(`listening on port ${config.PORT}`);
  // Under the cluster primary: it counts the instances listening before it says the api is up.
  process.send?.({ type: 'listening' });
}

if (cluster.isWorker) {
  // Ctrl-C reaches the primary and the instances alike, and the primary then sends SIGTERM as well:
  // with a listener left after Nest's own (removed once the graceful stop begins), a second signal
  // cannot cut that stop short. Nest exits the process itself when it is done.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => undefined);
}
const instances = cluster.isPrimary ? loadConfig(process.env).API_INSTANCES : 1;
if (instances > 1) superviseApiInstances(instances, loadConfig(process.env).PORT);
else void bootstrap();
