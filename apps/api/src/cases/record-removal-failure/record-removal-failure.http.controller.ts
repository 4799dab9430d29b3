import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { RecordRemovalFailureRequestDto } from './record-removal-failure.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/removals/failure')
export class RecordRemovalFailureController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('RecordRemovalFailure')
  @HttpCode(HttpStatus.CREATED)
  recordRemovalFailure(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: RecordRemovalFailureRequestDto,
    @CommandMetadata('failedAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        {
          type: 'RecordRemovalFailure',
          data: {
            reason: body.reason,
            ...(body.details === undefined ? {} : { details: body.details }),
            failedAt: iso(body.failedAt),
          },
        },
        metadata,
      ),
    );
  }
}
