import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { IsBusinessTime } from '@api/http/business-time.validator';

export class ScheduleRemovalRequestDto {
  @ApiProperty({ example: '2026-12-15T06:00:00Z', description: 'When the removal is planned; may be ahead' })
  @IsBusinessTime()
  scheduledFor!: string;

  @ApiProperty({ example: 'MX', description: 'ISO 3166-1 alpha-2' })
  @Matches(/^[A-Z]{2}$/, { message: 'destinationCountry must be an ISO 3166-1 alpha-2 code' })
  destinationCountry!: string;
}
