import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { CASELOAD_DOCKETS, type CaseloadDocket } from '@casetrail/read-models';
import { OFFICER_ID } from '@api/cases/open-case/open-case.request.dto';
import { PageQueryDto } from '@api/http/page.query';

export class OfficerDocketParamsDto {
  @ApiProperty({ example: 'WAS-ND-001' })
  @Matches(OFFICER_ID, { message: 'officerId must be an officer id' })
  officerId!: string;
}

export class OfficerDocketQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CASELOAD_DOCKETS, default: 'NON_DETAINED' })
  @IsOptional()
  @IsIn(CASELOAD_DOCKETS)
  docket: CaseloadDocket = 'NON_DETAINED';
}
