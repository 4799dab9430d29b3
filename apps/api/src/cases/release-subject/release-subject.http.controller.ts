import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { ReleaseSubjectRequestDto } from './release-subject.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/releases')
export class ReleaseSubjectController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('ReleaseSubject')
  @HttpCode(HttpStatus.CREATED)
  releaseSubject(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: ReleaseSubjectRequestDto,
    @CommandMetadata('releasedAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    const { firstDueAt, intervalDays, graceHours } = body.checkInPlan;
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        {
          type: 'ReleaseSubject',
          data: {
            releaseType: body.releaseType,
            releasedAt: iso(body.releasedAt),
            checkInPlan: { firstDueAt: iso(firstDueAt), intervalDays, graceHours },
            ...(body.overrideRequestId === undefined
              ? {}
              : { overrideRequestId: body.overrideRequestId.toLowerCase() }),
          },
        },
        metadata,
      ),
    );
  }
}
