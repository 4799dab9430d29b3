import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { IsBusinessTime } from '@api/http/business-time.validator';

export class RecordRemovalRequestDto {
  @ApiProperty({ example: 'MX', description: 'The country the subject was removed to, ISO 3166-1 alpha-2' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country!: string;

  @ApiProperty({ example: '2026-12-15T10:00:00Z' })
  @IsBusinessTime()
  removedAt!: string;
}
