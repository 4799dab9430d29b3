import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { RosterViolation } from '@api/roster/roster.errors';
import { OpenCaseRequestDto } from './open-case.request.dto';
import { Allow } from '@casetrail/auth';
import { mayAccessOffice, OutsideCallerOffices, type Caller } from '@casetrail/auth';
import { CurrentCaller } from '@api/access/access.decorators';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases')
export class OpenCaseController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('OpenCase', { opensCase: true })
  @HttpCode(HttpStatus.CREATED)
  async openCase(
    @Body() body: OpenCaseRequestDto,
    @CommandMetadata('openedAt') metadata: CommandRequest,
    @CurrentCaller() caller: Caller,
  ): Promise<CommandResult> {
    if (!mayAccessOffice(caller, body.officeId)) throw new OutsideCallerOffices('OFFICE');
    const caseId = randomUUID();
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        {
          type: 'OpenCase',
          data: { caseId, ...body, subject: { ...body.subject }, openedAt: iso(body.openedAt) },
        },
        {
          ...metadata,
          expectedVersion: 0,
          // Checked in the command's one read rather than a query of its own.
          assignment: {
            officeId: body.officeId,
            officerId: body.officerId,
            refuse: (officeExists) =>
              new RosterViolation(officeExists ? 'ROSTER.OFFICER_NOT_IN_OFFICE' : 'ROSTER.OFFICE_NOT_FOUND'),
          },
        },
      ),
    );
  }
}
