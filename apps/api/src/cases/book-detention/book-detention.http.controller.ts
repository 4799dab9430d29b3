import { Body, Controller, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandRequest } from '@casetrail/cases';
import { CaseCommands } from '@api/cases/shared/case-commands';
import { CaseIdPipe, CommandMetadata, iso, type CaseWriteResponse } from '@api/cases/shared/case-write';
import { BookDetentionRequestDto } from './book-detention.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/detentions')
export class BookDetentionController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  bookDetention(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: BookDetentionRequestDto,
    @CommandMetadata('bookedInAt') metadata: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseWriteResponse> {
    return this.cases.send(
      caseId,
      { type: 'BookDetention', data: { facilityId: body.facilityId, bookedInAt: iso(body.bookedInAt) } },
      metadata,
      response,
    );
  }
}
