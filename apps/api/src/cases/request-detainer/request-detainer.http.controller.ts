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
import { RequestDetainerRequestDto } from './request-detainer.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/detainers')
export class RequestDetainerController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  async requestDetainer(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: RequestDetainerRequestDto,
    @CommandMetadata('requestedAt') metadata: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseWriteResponse & { detainerId: string }> {
    const detainerId = newIdFor(metadata);
    const written = await this.cases.send(
      caseId,
      {
        type: 'RequestDetainer',
        data: { detainerId, jurisdictionId: body.jurisdictionId, requestedAt: iso(body.requestedAt) },
      },
      metadata,
      response,
    );
    return { ...written, detainerId };
  }
}
