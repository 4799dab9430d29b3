import { ApiProperty } from '@nestjs/swagger';
import { IsBusinessTime } from '@api/http/business-time.validator';
import { CheckInCadenceDto } from '@api/cases/check-in-cadence.request.dto';

export class ChangeCheckInScheduleRequestDto extends CheckInCadenceDto {
  @ApiProperty({ example: '2026-12-07T09:00:00Z', description: 'The next check-in; after the change' })
  @IsBusinessTime()
  nextDueAt!: string;

  @ApiProperty({ example: '2026-11-24T09:00:00Z' })
  @IsBusinessTime()
  changedAt!: string;
}
