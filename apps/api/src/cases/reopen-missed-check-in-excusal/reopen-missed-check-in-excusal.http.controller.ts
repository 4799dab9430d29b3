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
import { ReopenMissedCheckInExcusalRequestDto } from './reopen-missed-check-in-excusal.request.dto';

@ApiTags('cases')
@Allow('SUPERVISOR')
@Controller('cases/:caseId/missed-check-ins/:dueAt/excusal/reopening')
export class ReopenMissedCheckInExcusalController {
  constructor(private readonly commandBus: CommandBus) {}

  /** A supervisor takes an excusal back: the miss counts again. */
  @Post()
  @CaseWrite('ReopenMissedCheckInExcusal')
  @HttpCode(HttpStatus.CREATED)
  @ApiParam(MISSED_CHECK_IN_DUE_AT_PARAM)
  reopenMissedCheckInExcusal(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('dueAt', new MissedCheckInDueAtPipe()) dueAt: string,
    @Body() body: ReopenMissedCheckInExcusalRequestDto,
    @CommandMetadata('reopenedAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        {
          type: 'ReopenMissedCheckInExcusal',
          data: { dueAt, reason: body.reason, reopenedAt: iso(body.reopenedAt) },
        },
        metadata,
      ),
    );
  }
}
