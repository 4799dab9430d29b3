import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { PRIORITY_FLAG_KINDS, type PriorityFlagKind } from '@casetrail/domain';
import { IsBusinessTime } from '@api/http/business-time.validator';

/** Long enough to cite a bulletin or a referral; the domain refuses an empty one. */
export const FLAG_REASON_MAX_LENGTH = 500;

export class FlagCaseRequestDto {
  @ApiProperty({ enum: PRIORITY_FLAG_KINDS, example: 'NATIONAL_SECURITY' })
  @IsIn(PRIORITY_FLAG_KINDS)
  kind!: PriorityFlagKind;

  @ApiProperty({ maxLength: FLAG_REASON_MAX_LENGTH, example: 'Named in a partner agency bulletin.' })
  @IsString()
  @MaxLength(FLAG_REASON_MAX_LENGTH)
  reason!: string;

  @ApiProperty({ example: '2026-11-22T12:00:00Z' })
  @IsBusinessTime()
  flaggedAt!: string;
}
