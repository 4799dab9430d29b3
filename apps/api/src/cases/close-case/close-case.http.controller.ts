import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { CloseCaseRequestDto } from './close-case.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/closure')
export class CloseCaseController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('CloseCase')
  @HttpCode(HttpStatus.CREATED)
  closeCase(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: CloseCaseRequestDto,
    @CommandMetadata('closedAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        { type: 'CloseCase', data: { reason: body.reason, closedAt: iso(body.closedAt) } },
        metadata,
      ),
    );
  }
}
