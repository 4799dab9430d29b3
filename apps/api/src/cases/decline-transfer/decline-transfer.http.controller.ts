import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { Allow } from '@casetrail/auth';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe, UuidPipe } from '@api/http/uuid.pipe';
import { DeclineTransferRequestDto } from './decline-transfer.request.dto';

/** A supervisor of the receiving office turns the transfer down, with a reason; the case stays. */
@ApiTags('transfers')
@Allow('SUPERVISOR')
@Controller('cases/:caseId/transfers/:transferId/decline')
export class DeclineTransferController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('DeclineTransfer')
  @HttpCode(HttpStatus.CREATED)
  declineTransfer(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('transferId', new UuidPipe('transferId')) transferId: string,
    @Body() body: DeclineTransferRequestDto,
    @CommandMetadata('declinedAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        {
          type: 'DeclineTransfer',
          data: { transferId, reason: body.reason, declinedAt: iso(body.declinedAt) },
        },
        metadata,
      ),
    );
  }
}
