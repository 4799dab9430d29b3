import { Controller, Get, Inject } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { MessageBroker } from '@casetrail/messaging';
import { OBSERVABILITY_OPTIONS, type ObservabilityOptions } from './observability.options';
import { Readiness, type ReadinessProbe } from './readiness';
import { PublicRoute } from '@casetrail/auth';

@ApiTags('operations')
@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: Readiness,
    private readonly moduleRef: ModuleRef,
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityOptions,
  ) {}

  /** The process is up; says nothing about its dependencies. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Ready to work: its dependencies answer and its own parts (consumer, publisher) are running. */
  @Get('ready')
  @HealthCheck()
  ready() {
    const checks: HealthIndicatorFunction[] = [];
    if (this.options.dependencies.includes('postgres')) {
      checks.push(() => this.database.pingCheck('postgres', { timeout: 2000 }));
    }
    if (this.options.dependencies.includes('kafka')) {
      // Looked up here, not injected: the scheduler has no broker at all.
      const broker = this.moduleRef.get(MessageBroker, { strict: false });
      checks.push(() => this.probe('kafka', () => broker.ping()));
    }
    for (const [name, probe] of this.readiness.entries()) checks.push(() => this.probe(name, probe));
    return this.health.check(checks);
  }

  private async probe(name: string, probe: ReadinessProbe) {
    const indicator = this.indicators.check(name);
    try {
      await probe();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
