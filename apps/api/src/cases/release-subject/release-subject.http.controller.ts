import { Body, Controller, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandRequest } from '@casetrail/cases';
import { CaseCommands } from '@api/cases/shared/case-commands';
import { CaseIdPipe, CommandMetadata, iso, type CaseWriteResponse } from '@api/cases/shared/case-write';
import { ReleaseSubjectRequestDto } from './release-subject.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/releases')
export class ReleaseSubjectController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  releaseSubject(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: ReleaseSubjectRequestDto,
    @CommandMetadata('releasedAt') metadata: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseWriteResponse> {
    const { firstDueAt, intervalDays, graceHours } = body.checkInPlan;
    return this.cases.send(
      caseId,
      {
        type: 'ReleaseSubject',
        data: {
          releaseType: body.releaseType,
          releasedAt: iso(body.releasedAt),
          checkInPlan: { firstDueAt: iso(firstDueAt), intervalDays, graceHours },
          ...(body.overrideRequestId === undefined
            ? {}
            : { overrideRequestId: body.overrideRequestId.toLowerCase() }),
        },
      },
      metadata,
      response,
    );
  }
}
