import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { IsBusinessTime } from '@api/http/business-time.validator';
import { OFFICER_ID } from '@api/cases/open-case/open-case.request.dto';

export class AcceptTransferRequestDto {
  @ApiProperty({ example: 'ATL-ND-001', description: 'The receiving office’s officer who takes the case' })
  @Matches(OFFICER_ID, { message: 'toOfficerId must be an officer id' })
  toOfficerId!: string;

  @ApiProperty({ example: '2026-11-24T09:00:00Z' })
  @IsBusinessTime()
  acceptedAt!: string;
}
