import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsOptional,
  Matches,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { OFFICE_ID } from '@casetrail/auth';
import { IsBusinessTime } from '@api/http/business-time.validator';
import { PageQueryDto } from '@api/http/page.query';

/** Jurisdiction ids as detainer requests accept them. */
export const JURISDICTION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

@ValidatorConstraint({ name: 'isAfterFrom' })
class IsAfterFrom implements ValidatorConstraintInterface {
  validate(to: unknown, { object }: ValidationArguments): boolean {
    const { from } = object as { from?: unknown };
    if (typeof from !== 'string' || typeof to !== 'string') return true;
    return Date.parse(to) > Date.parse(from);
  }

  defaultMessage(): string {
    return 'to must be later than from';
  }
}

/** An office and a time window: releases against the RCA by release time. */
export class ReleaseOverridesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'WAS' })
  @IsOptional()
  @Matches(OFFICE_ID, { message: 'officeId must be an office code such as WAS' })
  officeId?: string;

  @ApiPropertyOptional({
    example: '2026-11-01T00:00:00Z',
    description: 'Released (or determined) at or after (ISO 8601 with an offset).',
  })
  @IsOptional()
  @IsBusinessTime()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-12-01T00:00:00Z',
    description: 'Released (or determined) before (ISO 8601 with an offset).',
  })
  @IsOptional()
  @IsBusinessTime()
  @Validate(IsAfterFrom)
  to?: string;
}

/** The same office and window, by the time of the supervisor's determination. */
export class CustodyDeterminationsQueryDto extends ReleaseOverridesQueryDto {}

export class RcaComplianceQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'WAS' })
  @IsOptional()
  @Matches(OFFICE_ID, { message: 'officeId must be an office code such as WAS' })
  officeId?: string;
}

export class DetainerOutcomesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'VA-FAIRFAX-COUNTY' })
  @IsOptional()
  @Matches(JURISDICTION_ID, { message: 'jurisdictionId must be a jurisdiction id' })
  jurisdictionId?: string;
}

/** One calendar month of the monthly oversight reports, for one office or every office in scope. */
export class MonthlyReportsQueryDto {
  @ApiProperty({ example: '2026-11', description: 'The calendar month (UTC), YYYY-MM.' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be a calendar month, YYYY-MM' })
  month!: string;

  @ApiPropertyOptional({ example: 'WAS' })
  @IsOptional()
  @Matches(OFFICE_ID, { message: 'officeId must be an office code such as WAS' })
  officeId?: string;
}

/** An office and a window of the misses' due times; per office, so not paged. */
export class MissedCheckInOutcomesQueryDto {
  @ApiPropertyOptional({ example: 'WAS' })
  @IsOptional()
  @Matches(OFFICE_ID, { message: 'officeId must be an office code such as WAS' })
  officeId?: string;

  @ApiPropertyOptional({
    example: '2026-11-01T00:00:00Z',
    description: 'Check-ins due at or after (ISO 8601 with an offset).',
  })
  @IsOptional()
  @IsBusinessTime()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-12-01T00:00:00Z',
    description: 'Check-ins due before (ISO 8601 with an offset).',
  })
  @IsOptional()
  @IsBusinessTime()
  @Validate(IsAfterFrom)
  to?: string;
}
