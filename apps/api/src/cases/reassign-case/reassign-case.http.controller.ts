import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { RosterRepository } from '@api/roster/roster.repository';
import { ReassignCaseRequestDto } from './reassign-case.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER', 'SUPERVISOR')
@Controller('cases/:caseId/reassignments')
export class ReassignCaseController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly roster: RosterRepository,
  ) {}

  /**
   * Within the case's office only: any other office, existing or not, is refused alike (a transfer
   * is the way there). Where the officer is rostered goes to the domain, which answers only after
   * the case's office scope was checked, so no answer tells whether an office or officer outside
   * the caller's offices exists.
   */
  @Post()
  @CaseWrite('ReassignCase')
  @HttpCode(HttpStatus.CREATED)
  async reassignCase(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: ReassignCaseRequestDto,
    @CommandMetadata('reassignedAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        {
          type: 'ReassignCase',
          data: {
            toOfficeId: body.toOfficeId,
            toOfficerId: body.toOfficerId,
            toOfficerRosterOfficeId: await this.roster.officeOfOfficer(body.toOfficerId),
            reason: body.reason,
            reassignedAt: iso(body.reassignedAt),
          },
        },
        metadata,
      ),
    );
  }
}
