import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { RecordRemovalRequestDto } from './record-removal.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/removals/completion')
export class RecordRemovalController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('RecordRemoval')
  @HttpCode(HttpStatus.CREATED)
  recordRemoval(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: RecordRemovalRequestDto,
    @CommandMetadata('removedAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        { type: 'RecordRemoval', data: { country: body.country, removedAt: iso(body.removedAt) } },
        metadata,
      ),
    );
  }
}
