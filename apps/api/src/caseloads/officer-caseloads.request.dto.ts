import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { OFFICE_ID } from '../cases/open-case/open-case.request.dto';

export const MAX_PAGE_SIZE = 500;

export class OfficerCaseloadsQueryDto {
  @ApiPropertyOptional({ example: 'WAS' })
  @IsOptional()
  @Matches(OFFICE_ID, { message: 'officeId must be an office code such as WAS' })
  officeId?: string;

  @ApiPropertyOptional({ enum: ['PENDING', 'DETAINED', 'NON_DETAINED'] })
  @IsOptional()
  @IsIn(['PENDING', 'DETAINED', 'NON_DETAINED'])
  docket?: 'PENDING' | 'DETAINED' | 'NON_DETAINED';

  @ApiPropertyOptional({ default: 100, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit = 100;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}
