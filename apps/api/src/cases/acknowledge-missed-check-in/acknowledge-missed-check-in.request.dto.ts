import { ApiProperty } from '@nestjs/swagger';
import { IsBusinessTime } from '@api/http/business-time.validator';

export class AcknowledgeMissedCheckInRequestDto {
  @ApiProperty({ example: '2026-12-01T10:00:00Z' })
  @IsBusinessTime()
  acknowledgedAt!: string;
}
