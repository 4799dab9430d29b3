import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  findOfficeCaseloads,
  findOfficerCaseloads,
  type OfficeCaseload,
  type OfficerCaseload,
} from '@casetrail/read-models';
import { OfficeCaseloadsQueryDto } from './office-caseloads.request.dto';
import { OfficerCaseloadsQueryDto } from './officer-caseloads.request.dto';

@ApiTags('caseloads')
@Controller('caseloads')
export class CaseloadsController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get('offices')
  async officeCaseloads(@Query() query: OfficeCaseloadsQueryDto): Promise<{ items: OfficeCaseload[] }> {
    return { items: await findOfficeCaseloads(this.db, query) };
  }

  @Get('officers')
  async officerCaseloads(@Query() query: OfficerCaseloadsQueryDto): Promise<{ items: OfficerCaseload[] }> {
    return { items: await findOfficerCaseloads(this.db, query) };
  }
}
