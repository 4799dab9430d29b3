import {
  Global,
  Module,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '@casetrail/config';
import { HealthController } from './health.http.controller';
import { loggerParams } from './logging';
import { HttpMetricsMiddleware, HttpRequestMetrics } from './http-metrics.middleware';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.http.controller';
import { OBSERVABILITY_OPTIONS, type ObservabilityOptions } from './observability.options';
import { Readiness } from './readiness';
import { flushTracing } from './tracing';

const httpControllers = [HealthController, MetricsController];

/**
 * `/health/live`, `/health/ready` and `/metrics` for one app, plus the `Metrics` registry and the
 * `Readiness` probes its services register with, and JSON logging (nestjs-pino) at `LOG_LEVEL`. Every app imports it once, at its root.
 */
@Global()
@Module({})
export class ObservabilityModule implements NestModule, OnApplicationShutdown {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        TerminusModule,
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => loggerParams(options.app, config.LOG_LEVEL),
        }),
      ],
      controllers: httpControllers,
      providers: [
        { provide: OBSERVABILITY_OPTIONS, useValue: options },
        Metrics,
        Readiness,
        HttpRequestMetrics,
      ],
      exports: [Metrics, Readiness],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }

  /** The spans of the last moments (the graceful stop's included) are exported before exit. */
  async onApplicationShutdown(): Promise<void> {
    await flushTracing();
  }
}
