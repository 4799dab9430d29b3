import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '@api/http/page.query';
import { OFFICE_ID } from '@casetrail/auth';
import { OFFICER_ID } from '@api/cases/open-case/open-case.request.dto';
import { OFFICER_UNITS, type OfficerUnit } from './roster.repository';

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

export class ListOfficersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'WAS' })
  @IsOptional()
  @Matches(OFFICE_ID, { message: 'officeId must be an office code such as WAS' })
  officeId?: string;
}
