import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import {
  MISSED_CHECK_IN_EXCUSAL_REASONS,
  OVERRIDE_NARRATIVE_MIN_LENGTH,
  type MissedCheckInExcusalReason,
} from '@casetrail/domain';
import { IsBusinessTime } from '@api/http/business-time.validator';

/** The note's minimum length is the domain's rule (CASE.EXCUSAL_NOTE_TOO_SHORT), like a narrative's. */
export class ExcuseMissedCheckInRequestDto {
  @ApiProperty({ enum: MISSED_CHECK_IN_EXCUSAL_REASONS, example: 'MEDICAL' })
  @IsIn(MISSED_CHECK_IN_EXCUSAL_REASONS)
  reasonCode!: MissedCheckInExcusalReason;

  @ApiProperty({
    minLength: OVERRIDE_NARRATIVE_MIN_LENGTH,
    maxLength: 4000,
    description: `Why the miss is excused, and what shows it: at least ${OVERRIDE_NARRATIVE_MIN_LENGTH} characters`,
  })
  @IsString()
  @MaxLength(4000)
  note!: string;

  @ApiProperty({ example: '2026-12-01T12:00:00Z' })
  @IsBusinessTime()
  excusedAt!: string;
}
