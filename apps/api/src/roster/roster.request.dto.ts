import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { OFFICE_ID, OFFICER_ID } from '@api/cases/open-case/open-case.request.dto';
import { OFFICER_UNITS, type OfficerUnit } from './roster.repository';

export const MAX_PAGE_SIZE = 500;

export class CreateOfficeRequestDto {
  @ApiProperty({ example: 'WAS' })
  @Matches(OFFICE_ID, { message: 'officeId must be an office code such as WAS' })
  officeId!: string;

  @ApiProperty({ example: 'Washington Field Office' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;
}

export class RegisterOfficerRequestDto {
  @ApiProperty({ example: 'WAS-ND-001' })
  @Matches(OFFICER_ID, { message: 'officerId must be an officer id' })
  officerId!: string;

  @ApiProperty({ example: 'WAS' })
  @Matches(OFFICE_ID, { message: 'officeId must be an office code such as WAS' })
  officeId!: string;

  @ApiProperty({ example: 'Deportation Officer 1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  displayName!: string;

  @ApiProperty({ enum: OFFICER_UNITS })
  @IsIn(OFFICER_UNITS)
  unit!: OfficerUnit;
}

/** Paging shared by every list endpoint: at most MAX_PAGE_SIZE rows a page. */
export class PageQueryDto {
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

export class ListOfficersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'WAS' })
  @IsOptional()
  @Matches(OFFICE_ID, { message: 'officeId must be an office code such as WAS' })
  officeId?: string;
}
