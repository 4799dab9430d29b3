import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { Allow } from '@casetrail/auth';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { FlagCaseRequestDto } from './flag-case.request.dto';

@ApiTags('cases')
@Allow('OFFICER', 'SUPERVISOR')
@Controller('cases/:caseId/flags')
export class FlagCaseController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('FlagCase')
  @HttpCode(HttpStatus.CREATED)
  flagCase(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: FlagCaseRequestDto,
    @CommandMetadata('flaggedAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        { type: 'FlagCase', data: { kind: body.kind, reason: body.reason, flaggedAt: iso(body.flaggedAt) } },
        metadata,
      ),
    );
  }
}
