import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe, UuidPipe } from '@api/http/uuid.pipe';
import { RecordDetainerResponseRequestDto } from './record-detainer-response.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/detainers/:detainerId/response')
export class RecordDetainerResponseController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('RecordDetainerResponse')
  @HttpCode(HttpStatus.CREATED)
  recordDetainerResponse(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('detainerId', new UuidPipe('detainerId')) detainerId: string,
    @Body() body: RecordDetainerResponseRequestDto,
    @CommandMetadata('respondedAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        {
          type: 'RecordDetainerResponse',
          data: { detainerId, response: body.response, respondedAt: iso(body.respondedAt) },
        },
        metadata,
      ),
    );
  }
}
