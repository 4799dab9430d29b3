import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { CUSTODY_DECISIONS, OVERRIDE_NARRATIVE_MIN_LENGTH, type CustodyDecision } from '@casetrail/domain';
import { IsBusinessTime } from '@api/http/business-time.validator';

/**
 * A supervisor's answer to an RCA's SUPERVISOR_REVIEW. The rationale's floor is the domain's rule
 * (the override narrative's minimum), answered with its own code; this refuses only what is not a
 * determination at all.
 */
export class RecordCustodyDeterminationRequestDto {
  @ApiProperty({ enum: CUSTODY_DECISIONS, example: 'RELEASE' })
  @IsIn(CUSTODY_DECISIONS)
  decision!: CustodyDecision;

  @ApiProperty({
    minLength: OVERRIDE_NARRATIVE_MIN_LENGTH,
    maxLength: 4000,
    description: `Why custody is decided so: at least ${OVERRIDE_NARRATIVE_MIN_LENGTH} characters`,
  })
  @IsString()
  @MaxLength(4000)
  rationale!: string;

  @ApiProperty({ example: '2026-11-22T12:00:00Z' })
  @IsBusinessTime()
  determinedAt!: string;
}
