import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { Allow } from '@casetrail/auth';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { DetermineAbscondingRequestDto } from './determine-absconding.request.dto';

/**
 * A supervisor of the case's office answers a suspected absconding: ABSCONDED puts the case on the
 * FUGITIVE docket and sends an absconder referral; NOT_ABSCONDED closes the suspicion.
 */
@ApiTags('cases')
@Allow('SUPERVISOR')
@Controller('cases/:caseId/absconding-determinations')
export class DetermineAbscondingController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('DetermineAbsconding')
  @HttpCode(HttpStatus.CREATED)
  determineAbsconding(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: DetermineAbscondingRequestDto,
    @CommandMetadata('determinedAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        {
          type: 'DetermineAbsconding',
          data: { decision: body.decision, narrative: body.narrative, determinedAt: iso(body.determinedAt) },
        },
        metadata,
      ),
    );
  }
}
