import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { findOfficerDocket, type CaseloadDocket, type WorklistEntry } from '@casetrail/read-models';
import { OfficerDocketParamsDto, OfficerDocketQueryDto } from './officer-docket.request.dto';

/** An officer's worklist: the cases on one docket, the soonest check-in due first. */
@ApiTags('caseloads')
@Controller('officers/:officerId/docket')
export class OfficerDocketController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  async docket(
    @Param() params: OfficerDocketParamsDto,
    @Query() query: OfficerDocketQueryDto,
  ): Promise<{ officerId: string; docket: CaseloadDocket; items: WorklistEntry[] }> {
    const items = await findOfficerDocket(this.db, { officerId: params.officerId, ...query });
    return { officerId: params.officerId, docket: query.docket, items };
  }
}
