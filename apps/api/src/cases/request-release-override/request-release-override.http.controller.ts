import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso, newIdFor } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { RequestReleaseOverrideRequestDto } from './request-release-override.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/release-override-requests')
export class RequestReleaseOverrideController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('RequestReleaseOverride')
  @HttpCode(HttpStatus.CREATED)
  async requestReleaseOverride(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: RequestReleaseOverrideRequestDto,
    @CommandMetadata('requestedAt') metadata: CommandRequest,
  ): Promise<CommandResult & { requestId: string }> {
    const requestId = newIdFor(metadata);
    const written = await this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        {
          type: 'RequestReleaseOverride',
          data: {
            requestId,
            reasonCodes: [...body.reasonCodes],
            narrative: body.narrative,
            requestedAt: iso(body.requestedAt),
          },
        },
        metadata,
      ),
    );
    return { ...written, requestId };
  }
}
