import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { findAlerts, type AlertView } from '@casetrail/read-models';
import { AlertsQueryDto } from './alerts.request.dto';

@ApiTags('alerts')
@Controller('alerts')
export class AlertsController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  async alerts(@Query() query: AlertsQueryDto): Promise<{ items: AlertView[] }> {
    return { items: await findAlerts(this.db, query) };
  }
}
