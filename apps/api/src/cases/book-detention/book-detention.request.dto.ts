import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { IsBusinessTime } from '@api/http/business-time.validator';

export class BookDetentionRequestDto {
  @ApiProperty({ example: 'FAC-ANNANDALE' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'facilityId must be a facility id' })
  facilityId!: string;

  @ApiProperty({ example: '2026-11-21T10:00:00Z' })
  @IsBusinessTime()
  bookedInAt!: string;
}
