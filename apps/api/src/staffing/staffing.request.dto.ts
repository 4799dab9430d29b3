import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  Matches,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { OFFICE_ID } from '@casetrail/auth';
import { STAFFED_DOCKETS, type StaffedDocket } from '@casetrail/read-models';

/** A calendar day, `YYYY-MM-DD`, that exists. */
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const MAX_HISTORY_DAYS = 366;

export class StaffingQueryDto {
  @ApiPropertyOptional({ example: 'WAS' })
  @IsOptional()
  @Matches(OFFICE_ID, { message: 'officeId must be an office code such as WAS' })
  officeId?: string;
}

@ValidatorConstraint({ name: 'isDayRange' })
class IsDayRange implements ValidatorConstraintInterface {
  validate(to: unknown, { object }: ValidationArguments): boolean {
    const { from } = object as { from?: unknown };
    if (typeof from !== 'string' || typeof to !== 'string') return true;
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    return days >= 0 && days < MAX_HISTORY_DAYS;
  }

  defaultMessage(): string {
    return `to must be on or after from, and at most ${MAX_HISTORY_DAYS} days in all`;
  }
}

function isRealDay(value: string): boolean {
  return DAY.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

@ValidatorConstraint({ name: 'isDay' })
class IsDay implements ValidatorConstraintInterface {
  validate(value: unknown, { property }: ValidationArguments): boolean {
    return typeof value === 'string' && isRealDay(value) && property.length > 0;
  }

  defaultMessage({ property }: ValidationArguments): string {
    return `${property} must be a calendar day, YYYY-MM-DD`;
  }
}

/** Daily points from `from` to `to` (UTC days, both included); the 90 days up to today by default. */
export class StaffingHistoryQueryDto extends StaffingQueryDto {
  @ApiPropertyOptional({ enum: STAFFED_DOCKETS })
  @IsOptional()
  @IsIn(STAFFED_DOCKETS, { message: `docket must be one of ${STAFFED_DOCKETS.join(', ')}` })
  docket?: StaffedDocket;

  @ApiPropertyOptional({ example: '2026-09-01', description: 'First day, YYYY-MM-DD (UTC).' })
  @IsOptional()
  @Validate(IsDay)
  from?: string;

  @ApiPropertyOptional({
    example: '2026-11-30',
    description: 'Last day, YYYY-MM-DD (UTC); today by default.',
  })
  @IsOptional()
  @Validate(IsDay)
  @Validate(IsDayRange)
  to?: string;
}
