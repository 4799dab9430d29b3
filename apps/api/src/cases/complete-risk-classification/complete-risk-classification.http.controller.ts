import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandRequest, CommandResult } from '@casetrail/case-commands';
import { CommandBus } from '@nestjs/cqrs';
import { CaseWrite } from '@api/cases/shared/case-write';
import { ExecuteCaseCommand } from '@api/cases/shared/execute-case-command';
import { CommandMetadata, iso } from '@api/cases/shared/command-metadata';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { CompleteRiskClassificationRequestDto } from './complete-risk-classification.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/risk-classifications')
export class CompleteRiskClassificationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @CaseWrite('CompleteRiskClassification')
  @HttpCode(HttpStatus.CREATED)
  completeRiskClassification(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: CompleteRiskClassificationRequestDto,
    @CommandMetadata('completedAt') metadata: CommandRequest,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new ExecuteCaseCommand(
        caseId,
        {
          type: 'CompleteRiskClassification',
          data: {
            publicSafetyRisk: body.publicSafetyRisk,
            flightRisk: body.flightRisk,
            specialVulnerabilities: [...body.specialVulnerabilities],
            recommendation: body.recommendation,
            completedAt: iso(body.completedAt),
          },
        },
        metadata,
      ),
    );
  }
}
