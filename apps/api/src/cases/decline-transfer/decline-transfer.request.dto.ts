import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsBusinessTime } from '@api/http/business-time.validator';

export class DeclineTransferRequestDto {
  /** A blank reason is the domain's rule (CASE.REASON_REQUIRED), not a malformed request. */
  @ApiProperty({ maxLength: 500, example: 'No capacity on the non-detained docket this month.' })
  @IsString()
  @MaxLength(500)
  reason!: string;

  @ApiProperty({ example: '2026-11-24T09:00:00Z' })
  @IsBusinessTime()
  declinedAt!: string;
}
