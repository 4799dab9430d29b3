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
import { RequestReleaseOverrideRequestDto } from './request-release-override.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/release-override-requests')
export class RequestReleaseOverrideController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  async requestReleaseOverride(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: RequestReleaseOverrideRequestDto,
    @CommandMetadata('requestedAt') metadata: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseWriteResponse & { requestId: string }> {
    const requestId = newIdFor(metadata);
    const written = await this.cases.send(
      caseId,
      {
        type: 'RequestReleaseOverride',
        data: {
          requestId,
          reasonCodes: [...body.reasonCodes],
          narrative: body.narrative,
          requestedAt: iso(body.requestedAt),
        },
      },
      metadata,
      response,
    );
    return { ...written, requestId };
  }
}
