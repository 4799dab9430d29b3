import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso, newIdFor } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { ScheduleRemovalRequestDto } from './schedule-removal.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/removals')
export class ScheduleRemovalController {
  constructor(private readonly commandBus: CommandBus) {}

  /** `scheduledFor` is a plan, not when the scheduling happened: the event's business time is now. */
  @Post()
  @CaseWrite('ScheduleRemoval')
  @HttpCode(HttpStatus.CREATED)
  async scheduleRemoval(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: ScheduleRemovalRequestDto,
    @CommandMetadata() metadata: CommandRequest,
  ): Promise<CommandResult & { removalId: string }> {
    const removalId = newIdFor(metadata);
    const written = await this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        {
          type: 'ScheduleRemoval',
          data: {
            removalId,
            scheduledFor: iso(body.scheduledFor),
            destinationCountry: body.destinationCountry,
          },
        },
        metadata,
      ),
    );
    return { ...written, removalId };
  }
}
