import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { findOfficerDocket, type CaseloadDocket, type WorklistEntry } from '@casetrail/read-models';
import { OfficerDocketParamsDto, OfficerDocketQueryDto } from './officer-docket.request.dto';
import { Allow, mayAccessOffice, OutsideCallerOffices, type Caller } from '@casetrail/auth';
import { CurrentCaller } from '@api/access/access.decorators';
import { RosterRepository } from '@api/roster/roster.repository';

/** An officer's worklist: the cases on one docket, the soonest check-in due first. */
@ApiTags('caseloads')
@Allow('OFFICER', 'SUPERVISOR', 'OVERSIGHT')
@Controller('officers/:officerId/docket')
export class OfficerDocketController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly roster: RosterRepository,
  ) {}

  @Get()
  async docket(
    @Param() params: OfficerDocketParamsDto,
    @Query() query: OfficerDocketQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ officerId: string; docket: CaseloadDocket; items: WorklistEntry[] }> {
    const officeId = await this.roster.officeOfOfficer(params.officerId);
    if (officeId === undefined || !mayAccessOffice(caller, officeId))
      throw new OutsideCallerOffices('OFFICER');
    const items = await findOfficerDocket(this.db, { officerId: params.officerId, ...query });
    return { officerId: params.officerId, docket: query.docket, items };
  }
}
