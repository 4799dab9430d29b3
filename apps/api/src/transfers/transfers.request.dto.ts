import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { TRANSFER_STATUSES, type TransferStatus } from '@casetrail/domain';
import { TRANSFER_DIRECTIONS, type TransferDirection } from '@casetrail/read-models';
import { OFFICE_ID } from '@casetrail/auth';
import { PageQueryDto } from '@api/http/page.query';

export class TransfersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'ATL' })
  @IsOptional()
  @Matches(OFFICE_ID, { message: 'officeId must be an office code such as WAS' })
  officeId?: string;

  @ApiPropertyOptional({
    enum: TRANSFER_DIRECTIONS,
    description: 'incoming: to the office; outgoing: from it; absent: both',
  })
  @IsOptional()
  @IsIn(TRANSFER_DIRECTIONS)
  direction?: TransferDirection;

  @ApiPropertyOptional({ enum: TRANSFER_STATUSES })
  @IsOptional()
  @IsIn(TRANSFER_STATUSES)
  status?: TransferStatus;
}
