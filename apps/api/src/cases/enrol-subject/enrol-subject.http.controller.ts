import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { Allow } from '@casetrail/auth';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { EnrolSubjectRequestDto } from './enrol-subject.request.dto';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/enrolment')
export class EnrolSubjectController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('EnrolSubject')
  @HttpCode(HttpStatus.CREATED)
  enrolSubject(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: EnrolSubjectRequestDto,
    @CommandMetadata('enrolledAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    const { firstDueAt, intervalDays, graceHours } = body.checkInPlan;
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        {
          type: 'EnrolSubject',
          data: {
            basis: body.basis,
            reportingConditions: body.reportingConditions,
            enrolledAt: iso(body.enrolledAt),
            checkInPlan: { firstDueAt: iso(firstDueAt), intervalDays, graceHours },
          },
        },
        metadata,
      ),
    );
  }
}
