import { Body, Controller, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandRequest } from '@casetrail/cases';
import { CaseCommands } from '@api/cases/shared/case-commands';
import { CaseIdPipe, CommandMetadata, iso, type CaseWriteResponse } from '@api/cases/shared/case-write';
import { RecordCheckInRequestDto } from './record-check-in.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/check-ins')
export class RecordCheckInController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  recordCheckIn(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: RecordCheckInRequestDto,
    @CommandMetadata('checkedInAt') metadata: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseWriteResponse> {
    return this.cases.send(
      caseId,
      { type: 'RecordCheckIn', data: { checkedInAt: iso(body.checkedInAt), method: body.method } },
      metadata,
      response,
    );
  }
}
