import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { OFFICE_ID } from '@casetrail/auth';
import { PageQueryDto } from '@api/http/page.query';

export class OfficerCaseloadsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'WAS' })
  @IsOptional()
  @Matches(OFFICE_ID, { message: 'officeId must be an office code such as WAS' })
  officeId?: string;

  @ApiPropertyOptional({ enum: ['PENDING', 'DETAINED', 'NON_DETAINED', 'FUGITIVE'] })
  @IsOptional()
  @IsIn(['PENDING', 'DETAINED', 'NON_DETAINED', 'FUGITIVE'])
  docket?: 'PENDING' | 'DETAINED' | 'NON_DETAINED' | 'FUGITIVE';
}
