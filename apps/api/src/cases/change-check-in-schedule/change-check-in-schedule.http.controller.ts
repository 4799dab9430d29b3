import { Body, Controller, HttpCode, HttpStatus, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { ChangeCheckInScheduleRequestDto } from './change-check-in-schedule.request.dto';
import { Allow } from '@casetrail/auth';

/** Replaces the supervised subject's check-in plan: a PUT of the one plan a case has. */
@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/check-in-plan')
export class ChangeCheckInScheduleController {
  constructor(private readonly commandBus: CommandBus) {}

  @Put()
  @CaseWrite('ChangeCheckInSchedule')
  @HttpCode(HttpStatus.OK)
  changeCheckInSchedule(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: ChangeCheckInScheduleRequestDto,
    @CommandMetadata('changedAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
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
      ),
    );
  }
}
