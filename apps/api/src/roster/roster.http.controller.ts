import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CreateOfficeRequestDto,
  ListOfficersQueryDto,
  RegisterOfficerRequestDto,
} from './roster.request.dto';
import { RosterRepository, type Office, type Officer } from './roster.repository';
import { Allow, type Caller } from '@casetrail/auth';
import { CurrentCaller } from '@api/access/access.decorators';
import { officeFilterFor } from '@api/access/office-scope';

@ApiTags('roster')
@Allow('ADMIN')
@Controller()
export class RosterController {
  constructor(private readonly roster: RosterRepository) {}

  @Post('offices')
  @HttpCode(HttpStatus.CREATED)
  async createOffice(@Body() body: CreateOfficeRequestDto): Promise<Office> {
    await this.roster.addOffice(body);
    return { officeId: body.officeId, name: body.name };
  }

  @Post('officers')
  @HttpCode(HttpStatus.CREATED)
  async registerOfficer(@Body() body: RegisterOfficerRequestDto): Promise<Officer> {
    const officer = {
      officerId: body.officerId,
      officeId: body.officeId,
      displayName: body.displayName,
      unit: body.unit,
    };
    await this.roster.addOfficer(officer);
    return officer;
  }

  /** ADMIN keeps every office's roster; supervisors see their offices', oversight every office's. */
  @Get('officers')
  @Allow('ADMIN', 'SUPERVISOR', 'OVERSIGHT')
  async listOfficers(
    @Query() query: ListOfficersQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ items: Officer[] }> {
    const scope =
      caller.role === 'ADMIN' ? { officeId: query.officeId } : officeFilterFor(caller, query.officeId);
    return { items: await this.roster.officers({ ...scope, limit: query.limit, offset: query.offset }) };
  }
}
