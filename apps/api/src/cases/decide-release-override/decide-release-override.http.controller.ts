import { Body, Controller, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandRequest } from '@casetrail/cases';
import { CaseCommands } from '@api/cases/shared/case-commands';
import {
  CaseIdPipe,
  CommandMetadata,
  iso,
  UuidPipe,
  type CaseWriteResponse,
} from '@api/cases/shared/case-write';
import { DecideReleaseOverrideRequestDto } from './decide-release-override.request.dto';
import { Allow } from '@casetrail/auth';

/** A supervisor approves or rejects an officer's request; who may decide is the domain's rule. */
@ApiTags('cases')
@Allow('SUPERVISOR')
@Controller('cases/:caseId/release-override-requests/:requestId/decision')
export class DecideReleaseOverrideController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  decideReleaseOverride(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('requestId', new UuidPipe('requestId')) requestId: string,
    @Body() body: DecideReleaseOverrideRequestDto,
    @CommandMetadata('decidedAt') metadata: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseWriteResponse> {
    return this.cases.send(
      caseId,
      {
        type: 'DecideReleaseOverride',
        data: {
          requestId,
          decision: body.decision,
          decidedAt: iso(body.decidedAt),
          ...(body.comment === undefined ? {} : { comment: body.comment }),
        },
      },
      metadata,
      response,
    );
  }
}
