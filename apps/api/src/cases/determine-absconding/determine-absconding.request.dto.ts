import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import {
  ABSCONDING_DECISIONS,
  OVERRIDE_NARRATIVE_MIN_LENGTH,
  type AbscondingDecision,
} from '@casetrail/domain';
import { IsBusinessTime } from '@api/http/business-time.validator';

/**
 * A supervisor's answer to the case's open absconding suspicion. The narrative's floor is the
 * domain's rule (the override narrative's minimum), answered with its own code; this refuses only
 * what is not a determination at all.
 */
export class DetermineAbscondingRequestDto {
  @ApiProperty({
    enum: ABSCONDING_DECISIONS,
    example: 'ABSCONDED',
    description: 'ABSCONDED moves the case to the FUGITIVE docket and refers it for arrest',
  })
  @IsIn(ABSCONDING_DECISIONS)
  decision!: AbscondingDecision;

  @ApiProperty({
    minLength: OVERRIDE_NARRATIVE_MIN_LENGTH,
    maxLength: 4000,
    description: `What was done to reach the subject and why this is decided: at least ${OVERRIDE_NARRATIVE_MIN_LENGTH} characters. Stays in Casetrail.`,
  })
  @IsString()
  @MaxLength(4000)
  narrative!: string;

  @ApiProperty({ example: '2026-12-15T12:00:00Z' })
  @IsBusinessTime()
  determinedAt!: string;
}
