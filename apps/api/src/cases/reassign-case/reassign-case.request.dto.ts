import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { IsBusinessTime } from '@api/http/business-time.validator';
import { OFFICE_ID } from '@casetrail/auth';
import { OFFICER_ID } from '@api/cases/open-case/open-case.request.dto';

export class ReassignCaseRequestDto {
  @ApiProperty({ example: 'WAS' })
  @Matches(OFFICE_ID, { message: 'toOfficeId must be an office code such as WAS' })
  toOfficeId!: string;

  @ApiProperty({ example: 'WAS-ND-001' })
  @Matches(OFFICER_ID, { message: 'toOfficerId must be an officer id' })
  toOfficerId!: string;

  /** A blank reason is the domain's rule (CASE.REASON_REQUIRED), not a malformed request. */
  @ApiProperty({ maxLength: 500, example: 'Subject moved to the non-detained docket.' })
  @IsString()
  @MaxLength(500)
  reason!: string;

  @ApiProperty({ example: '2026-11-24T09:00:00Z' })
  @IsBusinessTime()
  reassignedAt!: string;
}
