import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import {
  OVERRIDE_NARRATIVE_MIN_LENGTH,
  OVERRIDE_REASON_CODES,
  type OverrideReasonCode,
} from '@casetrail/domain';
import { IsBusinessTime } from '@api/http/business-time.validator';

/**
 * The shape of a release override request. The rules of a justification (at least one reason, a
 * narrative of at least OVERRIDE_NARRATIVE_MIN_LENGTH characters) belong to the domain, which
 * answers them with their own codes; this only refuses what is not a request at all.
 */
export class RequestReleaseOverrideRequestDto {
  @ApiProperty({ enum: OVERRIDE_REASON_CODES, isArray: true, example: ['PRIMARY_CAREGIVER'] })
  @IsArray()
  @ArrayMaxSize(OVERRIDE_REASON_CODES.length)
  @ArrayUnique()
  @IsIn(OVERRIDE_REASON_CODES, { each: true })
  reasonCodes!: OverrideReasonCode[];

  @ApiProperty({
    minLength: OVERRIDE_NARRATIVE_MIN_LENGTH,
    maxLength: 4000,
    description: `Why the subject should be released against the RCA: at least ${OVERRIDE_NARRATIVE_MIN_LENGTH} characters`,
  })
  @IsString()
  @MaxLength(4000)
  narrative!: string;

  @ApiProperty({ example: '2026-11-22T11:00:00Z' })
  @IsBusinessTime()
  requestedAt!: string;
}
