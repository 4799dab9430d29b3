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
import { RecordDetainerResponseRequestDto } from './record-detainer-response.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/detainers/:detainerId/response')
export class RecordDetainerResponseController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  recordDetainerResponse(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('detainerId', new UuidPipe('detainerId')) detainerId: string,
    @Body() body: RecordDetainerResponseRequestDto,
    @CommandMetadata('respondedAt') metadata: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseWriteResponse> {
    return this.cases.send(
      caseId,
      {
        type: 'RecordDetainerResponse',
        data: { detainerId, response: body.response, respondedAt: iso(body.respondedAt) },
      },
      metadata,
      response,
    );
  }
}
