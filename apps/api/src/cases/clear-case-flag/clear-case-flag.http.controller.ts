import { Body, Controller, HttpCode, HttpStatus, Param, ParseEnumPipe, Post } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { Allow } from '@casetrail/auth';
import { PRIORITY_FLAG_KINDS, type PriorityFlagKind } from '@casetrail/domain';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { RequestValidationFailed } from '@api/problem-details/validation';
import { ClearCaseFlagRequestDto } from './clear-case-flag.request.dto';

const flagKind = new ParseEnumPipe(Object.fromEntries(PRIORITY_FLAG_KINDS.map((kind) => [kind, kind])), {
  exceptionFactory: () =>
    new RequestValidationFailed([
      { field: 'kind', messages: [`kind must be one of: ${PRIORITY_FLAG_KINDS.join(', ')}`] },
    ]),
});

@ApiTags('cases')
@Allow('OFFICER', 'SUPERVISOR')
@Controller('cases/:caseId/flags/:kind/clearance')
export class ClearCaseFlagController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('ClearCaseFlag')
  @HttpCode(HttpStatus.CREATED)
  @ApiParam({ name: 'kind', enum: PRIORITY_FLAG_KINDS })
  clearCaseFlag(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('kind', flagKind) kind: PriorityFlagKind,
    @Body() body: ClearCaseFlagRequestDto,
    @CommandMetadata('clearedAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        { type: 'ClearCaseFlag', data: { kind, reason: body.reason, clearedAt: iso(body.clearedAt) } },
        metadata,
      ),
    );
  }
}
