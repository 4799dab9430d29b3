import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsBusinessTime } from '@api/http/business-time.validator';

export class ReopenMissedCheckInExcusalRequestDto {
  @ApiProperty({ maxLength: 1000, example: 'The hospital has no record of the admission.' })
  @IsString()
  @MaxLength(1000)
  reason!: string;

  @ApiProperty({ example: '2026-12-01T15:00:00Z' })
  @IsBusinessTime()
  reopenedAt!: string;
}
