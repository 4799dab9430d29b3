import { Body, Controller, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandRequest } from '@casetrail/cases';
import { CaseCommands } from '@api/cases/shared/case-commands';
import { CaseIdPipe, CommandMetadata, iso, type CaseWriteResponse } from '@api/cases/shared/case-write';
import { RecordRemovalFailureRequestDto } from './record-removal-failure.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/removals/failure')
export class RecordRemovalFailureController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  recordRemovalFailure(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: RecordRemovalFailureRequestDto,
    @CommandMetadata('failedAt') metadata: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseWriteResponse> {
    return this.cases.send(
      caseId,
      {
        type: 'RecordRemovalFailure',
        data: {
          reason: body.reason,
          ...(body.details === undefined ? {} : { details: body.details }),
          failedAt: iso(body.failedAt),
        },
      },
      metadata,
      response,
    );
  }
}
