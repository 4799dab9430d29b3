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
import { Allow } from '@casetrail/auth';
import type { Caller } from '@casetrail/auth';
import { CurrentCaller } from '@api/access/access.decorators';
import { officeFilterFor } from '@api/access/office-scope';

@ApiTags('caseloads')
@Allow('SUPERVISOR', 'OVERSIGHT')
@Controller('caseloads')
export class CaseloadsController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get('offices')
  async officeCaseloads(
    @Query() query: OfficeCaseloadsQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ items: OfficeCaseload[] }> {
    return {
      items: await findOfficeCaseloads(this.db, { ...query, ...officeFilterFor(caller, query.officeId) }),
    };
  }

  @Get('officers')
  async officerCaseloads(
    @Query() query: OfficerCaseloadsQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ items: OfficerCaseload[] }> {
    return {
      items: await findOfficerCaseloads(this.db, { ...query, ...officeFilterFor(caller, query.officeId) }),
    };
  }
}
