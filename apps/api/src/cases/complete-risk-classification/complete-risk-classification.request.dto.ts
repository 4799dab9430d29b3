import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { RCA_RECOMMENDATIONS, RISK_LEVELS, type RcaRecommendation, type RiskLevel } from '@casetrail/domain';
import { IsBusinessTime } from '@api/http/business-time.validator';

export class CompleteRiskClassificationRequestDto {
  @ApiProperty({ enum: RISK_LEVELS, example: 'LOW' })
  @IsIn(RISK_LEVELS)
  publicSafetyRisk!: RiskLevel;

  @ApiProperty({ enum: RISK_LEVELS, example: 'MEDIUM' })
  @IsIn(RISK_LEVELS)
  flightRisk!: RiskLevel;

  @ApiProperty({
    type: [String],
    example: ['PRIMARY_CAREGIVER'],
    description: 'Special vulnerabilities the assessment found; empty when none',
  })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  specialVulnerabilities!: string[];

  @ApiProperty({ enum: RCA_RECOMMENDATIONS, example: 'RELEASE_ON_ATD' })
  @IsIn(RCA_RECOMMENDATIONS)
  recommendation!: RcaRecommendation;

  @ApiProperty({ example: '2026-11-22T10:00:00Z' })
  @IsBusinessTime()
  completedAt!: string;
}
