import { Body, Controller, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandRequest } from '@casetrail/cases';
import { CaseCommands } from '@api/cases/shared/case-commands';
import { CaseIdPipe, CommandMetadata, iso, type CaseWriteResponse } from '@api/cases/shared/case-write';
import { RecordRemovalRequestDto } from './record-removal.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/removals/completion')
export class RecordRemovalController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  recordRemoval(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: RecordRemovalRequestDto,
    @CommandMetadata('removedAt') metadata: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseWriteResponse> {
    return this.cases.send(
      caseId,
      { type: 'RecordRemoval', data: { country: body.country, removedAt: iso(body.removedAt) } },
      metadata,
      response,
    );
  }
}
