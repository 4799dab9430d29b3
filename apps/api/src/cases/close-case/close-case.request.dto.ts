import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CLOSURE_REASONS, type ClosureReason } from '@casetrail/domain';
import { IsBusinessTime } from '@api/http/business-time.validator';

export class CloseCaseRequestDto {
  @ApiProperty({ enum: CLOSURE_REASONS, example: 'RELIEF_GRANTED' })
  @IsIn(CLOSURE_REASONS)
  reason!: ClosureReason;

  @ApiProperty({ example: '2026-11-24T09:00:00Z' })
  @IsBusinessTime()
  closedAt!: string;
}
