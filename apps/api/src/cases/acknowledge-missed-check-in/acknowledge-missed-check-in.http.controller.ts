import { Body, Controller, HttpCode, HttpStatus, Param, Post, type PipeTransform } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { RequestValidationFailed } from '@api/problem-details/validation';
import { AcknowledgeMissedCheckInRequestDto } from './acknowledge-missed-check-in.request.dto';
import { Allow } from '@casetrail/auth';

/** The form of missedCheckInAlertId: `mci:<caseId>:<dueAt as toISOString>`. */
const MISSED_CHECK_IN_ALERT_ID =
  /^mci:([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}):(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)$/;

class MissedCheckInAlertIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const match = MISSED_CHECK_IN_ALERT_ID.exec(value);
    if (!match) {
      throw new RequestValidationFailed([
        { field: 'alertId', messages: ['alertId must be a missed check-in alert id, mci:<caseId>:<dueAt>'] },
      ]);
    }
    return `mci:${match[1].toLowerCase()}:${match[2]}`;
  }
}

@ApiTags('cases')
@Allow('OFFICER', 'SUPERVISOR')
@Controller('cases/:caseId/alerts/:alertId/acknowledgement')
export class AcknowledgeMissedCheckInController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('AcknowledgeMissedCheckIn')
  @HttpCode(HttpStatus.CREATED)
  @ApiParam({ name: 'alertId', example: 'mci:6f1c2a54-0d7e-4a43-9a55-2f1f3e6a9b10:2026-11-30T09:00:00.000Z' })
  acknowledgeMissedCheckIn(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('alertId', new MissedCheckInAlertIdPipe()) alertId: string,
    @Body() body: AcknowledgeMissedCheckInRequestDto,
    @CommandMetadata('acknowledgedAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        { type: 'AcknowledgeMissedCheckIn', data: { alertId, acknowledgedAt: iso(body.acknowledgedAt) } },
        metadata,
      ),
    );
  }
}
