import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { findOfficerCaseloads, type OfficerCaseload } from '@casetrail/read-models';
import { OfficerCaseloadsQueryDto } from './officer-caseloads.request.dto';

@ApiTags('caseloads')
@Controller('caseloads')
export class CaseloadsController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get('officers')
  async officerCaseloads(@Query() query: OfficerCaseloadsQueryDto): Promise<{ items: OfficerCaseload[] }> {
    return { items: await findOfficerCaseloads(this.db, query) };
  }
}
