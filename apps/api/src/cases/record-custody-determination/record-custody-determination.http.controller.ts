import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { Allow } from '@casetrail/auth';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { RecordCustodyDeterminationRequestDto } from './record-custody-determination.request.dto';

/** A supervisor of the case's office decides custody; the release must then follow the decision. */
@ApiTags('cases')
@Allow('SUPERVISOR')
@Controller('cases/:caseId/custody-determinations')
export class RecordCustodyDeterminationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('RecordCustodyDetermination')
  @HttpCode(HttpStatus.CREATED)
  recordCustodyDetermination(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: RecordCustodyDeterminationRequestDto,
    @CommandMetadata('determinedAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        {
          type: 'RecordCustodyDetermination',
          data: { decision: body.decision, rationale: body.rationale, determinedAt: iso(body.determinedAt) },
        },
        metadata,
      ),
    );
  }
}
