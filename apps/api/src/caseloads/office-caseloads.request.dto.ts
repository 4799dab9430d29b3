import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { OFFICE_ID } from '@casetrail/auth';
import { PageQueryDto } from '@api/http/page.query';

export class OfficeCaseloadsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'WAS' })
  @IsOptional()
  @Matches(OFFICE_ID, { message: 'officeId must be an office code such as WAS' })
  officeId?: string;
}
