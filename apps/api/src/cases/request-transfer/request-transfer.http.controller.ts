import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { Allow } from '@casetrail/auth';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso, newIdFor } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { RequestTransferRequestDto } from './request-transfer.request.dto';

/** The case's office asks another office to take the case; it stays put until that office accepts. */
@ApiTags('transfers')
@Allow('OFFICER', 'SUPERVISOR')
@Controller('cases/:caseId/transfers')
export class RequestTransferController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('RequestTransfer')
  @HttpCode(HttpStatus.CREATED)
  async requestTransfer(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: RequestTransferRequestDto,
    @CommandMetadata('requestedAt') metadata: CommandRequest,
  ): Promise<CommandResult & { transferId: string }> {
    const transferId = newIdFor(metadata);
    const written = await this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        {
          type: 'RequestTransfer',
          data: {
            transferId,
            toOfficeId: body.toOfficeId,
            reason: body.reason,
            requestedAt: iso(body.requestedAt),
          },
        },
        metadata,
      ),
    );
    return { ...written, transferId };
  }
}
