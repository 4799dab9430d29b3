import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { OFFICE_ID } from '@casetrail/auth';
import { IsBusinessTime } from '@api/http/business-time.validator';

export const OFFICER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class SubjectIdentityDto {
  @ApiProperty({ example: 'Ana' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  givenName!: string;

  @ApiProperty({ example: 'Example' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  familyName!: string;

  @ApiProperty({ example: 'A123456789', description: 'Alien registration number: A and 8 or 9 digits' })
  @Matches(/^A\d{8,9}$/, { message: 'aNumber must be A followed by 8 or 9 digits' })
  aNumber!: string;

  @ApiProperty({ example: '1990-01-31' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date, YYYY-MM-DD' })
  dateOfBirth!: string;

  @ApiProperty({ example: 'MX', description: 'ISO 3166-1 alpha-2' })
  @Matches(/^[A-Z]{2}$/, { message: 'countryOfCitizenship must be an ISO 3166-1 alpha-2 code' })
  countryOfCitizenship!: string;
}

export class OpenCaseRequestDto {
  @ApiProperty({ example: 'WAS' })
  @Matches(OFFICE_ID, { message: 'officeId must be an office code such as WAS' })
  officeId!: string;

  @ApiProperty({ example: 'WAS-ND-001' })
  @Matches(OFFICER_ID, { message: 'officerId must be an officer id' })
  officerId!: string;

  @ApiProperty({ type: SubjectIdentityDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SubjectIdentityDto)
  subject!: SubjectIdentityDto;

  @ApiProperty({ example: '2026-11-20T09:00:00Z' })
  @IsBusinessTime()
  openedAt!: string;
}
