import { Body, Controller, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandRequest } from '@casetrail/cases';
import { CaseCommands } from '@api/cases/shared/case-commands';
import { CaseIdPipe, CommandMetadata, iso, type CaseWriteResponse } from '@api/cases/shared/case-write';
import { RosterRepository } from '@api/roster/roster.repository';
import { ReassignCaseRequestDto } from './reassign-case.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER', 'SUPERVISOR')
@Controller('cases/:caseId/reassignments')
export class ReassignCaseController {
  constructor(
    private readonly cases: CaseCommands,
    private readonly roster: RosterRepository,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  async reassignCase(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: ReassignCaseRequestDto,
    @CommandMetadata('reassignedAt') metadata: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseWriteResponse> {
    await this.roster.assertOfficerInOffice(body.toOfficeId, body.toOfficerId);
    return this.cases.send(
      caseId,
      {
        type: 'ReassignCase',
        data: {
          toOfficeId: body.toOfficeId,
          toOfficerId: body.toOfficerId,
          reason: body.reason,
          reassignedAt: iso(body.reassignedAt),
        },
      },
      metadata,
      response,
    );
  }
}
