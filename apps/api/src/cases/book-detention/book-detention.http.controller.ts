import { Body, Controller, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandRequest, CommandResult } from '@casetrail/cases';
import { CaseIdPipe, caseWritten, CommandMetadata, iso, type CaseWriteResponse } from '../shared/case-write';
import { ExecuteCaseCommand } from '../shared/execute-case-command';
import { BookDetentionRequestDto } from './book-detention.request.dto';

@ApiTags('cases')
@Controller('cases/:caseId/detentions')
export class BookDetentionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  async bookDetention(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: BookDetentionRequestDto,
    @CommandMetadata('bookedInAt') metadata: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseWriteResponse> {
    const result = await this.commandBus.execute<ExecuteCaseCommand, CommandResult>(
      new ExecuteCaseCommand(
        caseId,
        { type: 'BookDetention', data: { facilityId: body.facilityId, bookedInAt: iso(body.bookedInAt) } },
        metadata,
      ),
    );
    return caseWritten(response, result);
  }
}
