import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IsBusinessTime } from '@api/http/business-time.validator';
import { MAX_GRACE_HOURS, MAX_INTERVAL_DAYS } from '@api/cases/release-subject/release-subject.request.dto';

export class ChangeCheckInScheduleRequestDto {
  @ApiProperty({ minimum: 1, maximum: MAX_INTERVAL_DAYS, example: 14 })
  @IsInt()
  @Min(1)
  @Max(MAX_INTERVAL_DAYS)
  intervalDays!: number;

  @ApiProperty({ minimum: 0, maximum: MAX_GRACE_HOURS, example: 24 })
  @IsInt()
  @Min(0)
  @Max(MAX_GRACE_HOURS)
  graceHours!: number;

  @ApiProperty({ example: '2026-12-07T09:00:00Z', description: 'The next check-in; after the change' })
  @IsBusinessTime()
  nextDueAt!: string;

  @ApiProperty({ example: '2026-11-24T09:00:00Z' })
  @IsBusinessTime()
  changedAt!: string;
}
