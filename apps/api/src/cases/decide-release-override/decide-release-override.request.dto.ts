import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, ValidateIf } from 'class-validator';
import { OVERRIDE_DECISIONS, type OverrideDecision } from '@casetrail/domain';
import { IsBusinessTime } from '@api/http/business-time.validator';

export class DecideReleaseOverrideRequestDto {
  @ApiProperty({ enum: OVERRIDE_DECISIONS, example: 'APPROVED' })
  @IsIn(OVERRIDE_DECISIONS)
  decision!: OverrideDecision;

  @ApiProperty({ example: '2026-11-22T12:00:00Z' })
  @IsBusinessTime()
  decidedAt!: string;

  @ApiProperty({ required: false, maxLength: 2000, example: 'Caregiver status confirmed with the county.' })
  @ValidateIf((body: DecideReleaseOverrideRequestDto) => body.comment !== undefined)
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
