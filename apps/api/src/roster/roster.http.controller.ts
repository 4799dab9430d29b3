import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CreateOfficeRequestDto,
  ListOfficersQueryDto,
  RegisterOfficerRequestDto,
} from './roster.request.dto';
import { RosterRepository, type Office, type Officer } from './roster.repository';

@ApiTags('roster')
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

  @Get('officers')
  async listOfficers(@Query() query: ListOfficersQueryDto): Promise<{ items: Officer[] }> {
    return { items: await this.roster.officers(query.officeId, query.limit, query.offset) };
  }
}
