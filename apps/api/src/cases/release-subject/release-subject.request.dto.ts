import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsUUID, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { RELEASE_TYPES, type ReleaseType } from '@casetrail/domain';
import { IsBusinessTime } from '@api/http/business-time.validator';

/**
 * Upper bounds keep every deadline derived from a plan a real date; the lower bounds are the
 * domain's own rule, checked here too so a wrong number is a 400 like any other wrong field.
 */
export const MAX_INTERVAL_DAYS = 365;
export const MAX_GRACE_HOURS = 168;

export class CheckInPlanDto {
  @ApiProperty({ example: '2026-11-30T09:00:00Z', description: 'The first check-in; after the release' })
  @IsBusinessTime()
  firstDueAt!: string;

  @ApiProperty({ minimum: 1, maximum: MAX_INTERVAL_DAYS, example: 7 })
  @IsInt()
  @Min(1)
  @Max(MAX_INTERVAL_DAYS)
  intervalDays!: number;

  @ApiProperty({ minimum: 0, maximum: MAX_GRACE_HOURS, example: 24 })
  @IsInt()
  @Min(0)
  @Max(MAX_GRACE_HOURS)
  graceHours!: number;
}

export class ReleaseSubjectRequestDto {
  @ApiProperty({ enum: RELEASE_TYPES, example: 'OWN_RECOGNIZANCE' })
  @IsIn(RELEASE_TYPES)
  releaseType!: ReleaseType;

  @ApiProperty({ example: '2026-11-23T09:00:00Z' })
  @IsBusinessTime()
  releasedAt!: string;

  @ApiProperty({ type: CheckInPlanDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CheckInPlanDto)
  checkInPlan!: CheckInPlanDto;

  @ApiProperty({
    required: false,
    format: 'uuid',
    description: 'The approved release override, when the release goes against the RCA',
  })
  @ValidateIf((body: ReleaseSubjectRequestDto) => body.overrideRequestId !== undefined)
  @IsUUID()
  overrideRequestId?: string;
}
