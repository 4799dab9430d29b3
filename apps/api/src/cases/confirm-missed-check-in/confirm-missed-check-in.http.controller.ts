import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { Allow } from '@casetrail/auth';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { MISSED_CHECK_IN_DUE_AT_PARAM, MissedCheckInDueAtPipe } from '@api/cases/missed-check-in-due-at.pipe';
import { ConfirmMissedCheckInRequestDto } from './confirm-missed-check-in.request.dto';

@ApiTags('cases')
@Allow('OFFICER', 'SUPERVISOR')
@Controller('cases/:caseId/missed-check-ins/:dueAt/confirmation')
export class ConfirmMissedCheckInController {
  constructor(private readonly commandBus: CommandBus) {}

  /** Confirms a recorded miss as a violation. */
  @Post()
  @CaseWrite('ConfirmMissedCheckIn')
  @HttpCode(HttpStatus.CREATED)
  @ApiParam(MISSED_CHECK_IN_DUE_AT_PARAM)
  confirmMissedCheckIn(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('dueAt', new MissedCheckInDueAtPipe()) dueAt: string,
    @Body() body: ConfirmMissedCheckInRequestDto,
    @CommandMetadata('confirmedAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        { type: 'ConfirmMissedCheckIn', data: { dueAt, confirmedAt: iso(body.confirmedAt) } },
        metadata,
      ),
    );
  }
}
