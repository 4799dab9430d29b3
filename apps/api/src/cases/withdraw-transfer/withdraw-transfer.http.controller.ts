import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { Allow } from '@casetrail/auth';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe, UuidPipe } from '@api/http/uuid.pipe';
import { WithdrawTransferRequestDto } from './withdraw-transfer.request.dto';

/** The sending office takes back a transfer request the receiving office has not answered. */
@ApiTags('transfers')
@Allow('OFFICER', 'SUPERVISOR')
@Controller('cases/:caseId/transfers/:transferId/withdrawal')
export class WithdrawTransferController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('WithdrawTransfer')
  @HttpCode(HttpStatus.CREATED)
  withdrawTransfer(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('transferId', new UuidPipe('transferId')) transferId: string,
    @Body() body: WithdrawTransferRequestDto,
    @CommandMetadata('withdrawnAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        { type: 'WithdrawTransfer', data: { transferId, withdrawnAt: iso(body.withdrawnAt) } },
        metadata,
      ),
    );
  }
}
