import { Body, Controller, HttpCode, HttpStatus, Param, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandRequest } from '@casetrail/cases';
import { CaseCommands } from '@api/cases/shared/case-commands';
import { CaseIdPipe, CommandMetadata, iso, type CaseWriteResponse } from '@api/cases/shared/case-write';
import { ChangeCheckInScheduleRequestDto } from './change-check-in-schedule.request.dto';
import { Allow } from '@casetrail/auth';

/** Replaces the supervised subject's check-in plan: a PUT of the one plan a case has. */
@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/check-in-plan')
export class ChangeCheckInScheduleController {
  constructor(private readonly cases: CaseCommands) {}

  @Put()
  @HttpCode(HttpStatus.OK)
  changeCheckInSchedule(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: ChangeCheckInScheduleRequestDto,
    @CommandMetadata('changedAt') metadata: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseWriteResponse> {
    return this.cases.send(
      caseId,
      {
        type: 'ChangeCheckInSchedule',
        data: {
          intervalDays: body.intervalDays,
          graceHours: body.graceHours,
          nextDueAt: iso(body.nextDueAt),
          changedAt: iso(body.changedAt),
        },
      },
      metadata,
      response,
    );
  }
}
