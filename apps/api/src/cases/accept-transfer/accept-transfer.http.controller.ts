import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { Allow } from '@casetrail/auth';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe, UuidPipe } from '@api/http/uuid.pipe';
import { RosterRepository } from '@api/roster/roster.repository';
import { AcceptTransferRequestDto } from './accept-transfer.request.dto';

/**
 * A supervisor of the receiving office takes the case and names its new officer. Where that
 * officer is rostered goes to the domain, which answers only to the receiving office.
 */
@ApiTags('transfers')
@Allow('SUPERVISOR')
@Controller('cases/:caseId/transfers/:transferId/acceptance')
export class AcceptTransferController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly roster: RosterRepository,
  ) {}

  @Post()
  @CaseWrite('AcceptTransfer')
  @HttpCode(HttpStatus.CREATED)
  async acceptTransfer(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('transferId', new UuidPipe('transferId')) transferId: string,
    @Body() body: AcceptTransferRequestDto,
    @CommandMetadata('acceptedAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        {
          type: 'AcceptTransfer',
          data: {
            transferId,
            toOfficerId: body.toOfficerId,
            toOfficerRosterOfficeId: await this.roster.officeOfOfficer(body.toOfficerId),
            acceptedAt: iso(body.acceptedAt),
          },
        },
        metadata,
      ),
    );
  }
}
