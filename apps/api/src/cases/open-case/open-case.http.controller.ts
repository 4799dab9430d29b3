import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandRequest, CommandResult } from '@casetrail/cases';
import { caseWritten, CommandMetadata, iso, type CaseWriteResponse } from '../shared/case-write';
import { ExecuteCaseCommand } from '../shared/execute-case-command';
import { RosterRepository } from '@api/roster/roster.repository';
import { OpenCaseRequestDto } from './open-case.request.dto';

@ApiTags('cases')
@Controller('cases')
export class OpenCaseController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly roster: RosterRepository,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  async openCase(
    @Body() body: OpenCaseRequestDto,
    @CommandMetadata('openedAt') metadata: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseWriteResponse> {
    await this.roster.assertOfficerInOffice(body.officeId, body.officerId);
    const caseId = randomUUID();
    const result = await this.commandBus.execute<ExecuteCaseCommand, CommandResult>(
      new ExecuteCaseCommand(
        caseId,
        {
          type: 'OpenCase',
          data: { caseId, ...body, subject: { ...body.subject }, openedAt: iso(body.openedAt) },
        },
        { ...metadata, expectedVersion: 0 },
      ),
    );
    response.location(`/cases/${caseId}`);
    return caseWritten(response, result);
  }
}
