import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { findAlerts, type AlertView } from '@casetrail/read-models';
import { AlertsQueryDto } from './alerts.request.dto';
import { Allow } from '@casetrail/auth';
import type { Caller } from '@casetrail/auth';
import { CurrentCaller } from '@api/access/access.decorators';
import { officeFilterFor } from '@api/access/office-scope';

@ApiTags('alerts')
@Allow('OFFICER', 'SUPERVISOR', 'OVERSIGHT')
@Controller('alerts')
export class AlertsController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  async alerts(
    @Query() query: AlertsQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ items: AlertView[] }> {
    return { items: await findAlerts(this.db, { ...query, ...officeFilterFor(caller, query.officeId) }) };
  }
}
