import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso, newIdFor } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { RequestDetainerRequestDto } from './request-detainer.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/detainers')
export class RequestDetainerController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('RequestDetainer')
  @HttpCode(HttpStatus.CREATED)
  async requestDetainer(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: RequestDetainerRequestDto,
    @CommandMetadata('requestedAt') metadata: CommandRequest,
  ): Promise<CommandResult & { detainerId: string }> {
    const detainerId = newIdFor(metadata);
    const written = await this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        {
          type: 'RequestDetainer',
          data: { detainerId, jurisdictionId: body.jurisdictionId, requestedAt: iso(body.requestedAt) },
        },
        metadata,
      ),
    );
    return { ...written, detainerId };
  }
}
