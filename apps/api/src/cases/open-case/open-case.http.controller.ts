import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandRequest } from '@casetrail/cases';
import { CaseCommands } from '@api/cases/shared/case-commands';
import { CommandMetadata, iso, type CaseWriteResponse } from '@api/cases/shared/case-write';
import { RosterRepository } from '@api/roster/roster.repository';
import { OpenCaseRequestDto } from './open-case.request.dto';
import { Allow } from '@casetrail/auth';
import { mayAccessOffice, OutsideCallerOffices, type Caller } from '@casetrail/auth';
import { CurrentCaller } from '@api/access/access.decorators';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases')
export class OpenCaseController {
  constructor(
    private readonly cases: CaseCommands,
    private readonly roster: RosterRepository,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  async openCase(
    @Body() body: OpenCaseRequestDto,
    @CommandMetadata('openedAt') metadata: CommandRequest,
    @Res({ passthrough: true }) response: Response,
    @CurrentCaller() caller: Caller,
  ): Promise<CaseWriteResponse> {
    if (!mayAccessOffice(caller, body.officeId)) throw new OutsideCallerOffices('OFFICE');
    await this.roster.assertOfficerInOffice(body.officeId, body.officerId);
    const caseId = randomUUID();
    const written = await this.cases.send(
      caseId,
      {
        type: 'OpenCase',
        data: { caseId, ...body, subject: { ...body.subject }, openedAt: iso(body.openedAt) },
      },
      { ...metadata, expectedVersion: 0 },
      response,
    );
    // A replayed request answers with the case it created the first time.
    response.location(`/cases/${written.caseId}`);
    return written;
  }
}
