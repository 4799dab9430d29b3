import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { RecordCheckInRequestDto } from './record-check-in.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/check-ins')
export class RecordCheckInController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('RecordCheckIn')
  @HttpCode(HttpStatus.CREATED)
  recordCheckIn(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: RecordCheckInRequestDto,
    @CommandMetadata('checkedInAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        { type: 'RecordCheckIn', data: { checkedInAt: iso(body.checkedInAt), method: body.method } },
        metadata,
      ),
    );
  }
}
