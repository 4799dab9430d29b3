import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { IsBusinessTime } from '@api/http/business-time.validator';
import { OFFICE_ID } from '@casetrail/auth';

export class RequestTransferRequestDto {
  /** Not looked up: whether an office outside the caller's own exists is not theirs to learn. */
  @ApiProperty({ example: 'ATL', description: 'The office asked to take the case' })
  @Matches(OFFICE_ID, { message: 'toOfficeId must be an office code such as ATL' })
  toOfficeId!: string;

  /** A blank reason is the domain's rule (CASE.REASON_REQUIRED), not a malformed request. */
  @ApiProperty({ maxLength: 500, example: 'Subject moved to the Atlanta area.' })
  @IsString()
  @MaxLength(500)
  reason!: string;

  @ApiProperty({ example: '2026-11-24T09:00:00Z' })
  @IsBusinessTime()
  requestedAt!: string;
}
