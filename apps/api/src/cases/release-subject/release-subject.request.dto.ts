import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsUUID, ValidateIf, ValidateNested } from 'class-validator';
import { RELEASE_TYPES, type ReleaseType } from '@casetrail/domain';
import { IsBusinessTime } from '@api/http/business-time.validator';
import { CheckInCadenceDto } from '@api/cases/check-in-cadence.request.dto';

export class CheckInPlanDto extends CheckInCadenceDto {
  @ApiProperty({ example: '2026-11-30T09:00:00Z', description: 'The first check-in; after the release' })
  @IsBusinessTime()
  firstDueAt!: string;
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
