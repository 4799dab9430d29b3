import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe, UuidPipe } from '@api/http/uuid.pipe';
import { DecideReleaseOverrideRequestDto } from './decide-release-override.request.dto';
import { Allow } from '@casetrail/auth';

/** A supervisor approves or rejects an officer's request; who may decide is the domain's rule. */
@ApiTags('cases')
@Allow('SUPERVISOR')
@Controller('cases/:caseId/release-override-requests/:requestId/decision')
export class DecideReleaseOverrideController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('DecideReleaseOverride')
  @HttpCode(HttpStatus.CREATED)
  decideReleaseOverride(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('requestId', new UuidPipe('requestId')) requestId: string,
    @Body() body: DecideReleaseOverrideRequestDto,
    @CommandMetadata('decidedAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        {
          type: 'DecideReleaseOverride',
          data: {
            requestId,
            decision: body.decision,
            decidedAt: iso(body.decidedAt),
            ...(body.comment === undefined ? {} : { comment: body.comment }),
          },
        },
        metadata,
      ),
    );
  }
}
