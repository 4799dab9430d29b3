import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { IsBusinessTime } from '@api/http/business-time.validator';

export class RequestDetainerRequestDto {
  @ApiProperty({
    example: 'VA-FAIRFAX-COUNTY',
    description: 'The jail or jurisdiction asked to hold the subject',
  })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'jurisdictionId must be a jurisdiction id' })
  jurisdictionId!: string;

  @ApiProperty({ example: '2026-11-21T12:00:00Z' })
  @IsBusinessTime()
  requestedAt!: string;
}
