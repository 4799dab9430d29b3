import { Body, Controller, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandRequest } from '@casetrail/cases';
import { CaseCommands } from '@api/cases/shared/case-commands';
import { CaseIdPipe, CommandMetadata, iso, type CaseWriteResponse } from '@api/cases/shared/case-write';
import { CompleteRiskClassificationRequestDto } from './complete-risk-classification.request.dto';
import { Allow } from '@casetrail/auth';

@ApiTags('cases')
@Allow('OFFICER')
@Controller('cases/:caseId/risk-classifications')
export class CompleteRiskClassificationController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  completeRiskClassification(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: CompleteRiskClassificationRequestDto,
    @CommandMetadata('completedAt') metadata: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseWriteResponse> {
    return this.cases.send(
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
      response,
    );
  }
}
