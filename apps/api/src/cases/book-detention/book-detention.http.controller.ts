import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { BookDetentionRequestDto } from './book-detention.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/detentions')
export class BookDetentionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('BookDetention')
  @HttpCode(HttpStatus.CREATED)
  bookDetention(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: BookDetentionRequestDto,
    @CommandMetadata('bookedInAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        { type: 'BookDetention', data: { facilityId: body.facilityId, bookedInAt: iso(body.bookedInAt) } },
        metadata,
      ),
    );
  }
}
