import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, ValidateIf } from 'class-validator';
import { REMOVAL_FAILURE_REASONS, type RemovalFailureReason } from '@casetrail/domain';
import { IsBusinessTime } from '@api/http/business-time.validator';

export class RecordRemovalFailureRequestDto {
  @ApiProperty({ enum: REMOVAL_FAILURE_REASONS, example: 'TRAVEL_DOCUMENTS_REFUSED' })
  @IsIn(REMOVAL_FAILURE_REASONS)
  reason!: RemovalFailureReason;

  @ApiProperty({ required: false, maxLength: 2000, example: 'Consulate declined to issue travel documents.' })
  @ValidateIf((body: RecordRemovalFailureRequestDto) => body.details !== undefined)
  @IsString()
  @MaxLength(2000)
  details?: string;

  @ApiProperty({ example: '2026-12-15T08:00:00Z' })
  @IsBusinessTime()
  failedAt!: string;
}
