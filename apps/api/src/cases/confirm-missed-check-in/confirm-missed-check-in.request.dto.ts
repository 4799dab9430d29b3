import { ApiProperty } from '@nestjs/swagger';
import { IsBusinessTime } from '@api/http/business-time.validator';

export class ConfirmMissedCheckInRequestDto {
  @ApiProperty({ example: '2026-12-01T12:00:00Z' })
  @IsBusinessTime()
  confirmedAt!: string;
}
