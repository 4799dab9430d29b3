import { Body, Controller, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandRequest } from '@casetrail/cases';
import { CaseCommands } from '@api/cases/shared/case-commands';
import {
  CaseIdPipe,
  CommandMetadata,
  iso,
  newIdFor,
  type CaseWriteResponse,
} from '@api/cases/shared/case-write';
import { ScheduleRemovalRequestDto } from './schedule-removal.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/removals')
export class ScheduleRemovalController {
  constructor(private readonly cases: CaseCommands) {}

  /** `scheduledFor` is a plan, not when the scheduling happened: the event's business time is now. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  async scheduleRemoval(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: ScheduleRemovalRequestDto,
    @CommandMetadata() metadata: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseWriteResponse & { removalId: string }> {
    const removalId = newIdFor(metadata);
    const written = await this.cases.send(
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
      response,
    );
    return { ...written, removalId };
  }
}
