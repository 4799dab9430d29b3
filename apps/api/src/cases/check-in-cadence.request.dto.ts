import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';

/**
 * Upper bounds keep every deadline derived from a plan a real date; the lower bounds are the
 * domain's own rule, checked here too so a wrong number is a 400 like any other wrong field.
 */
export const MAX_INTERVAL_DAYS = 365;
export const MAX_GRACE_HOURS = 168;

/** How often a subject checks in and how late a check-in may be: a new plan and a changed one alike. */
export class CheckInCadenceDto {
  @ApiProperty({ minimum: 1, maximum: MAX_INTERVAL_DAYS, example: 7 })
  @IsInt()
  @Min(1)
  @Max(MAX_INTERVAL_DAYS)
  intervalDays!: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_GRACE_HOURS,
    example: 24,
    description: "Omitted: the policy's default grace (checkInGraceHours), recorded in the event as given.",
  })
  // Left out, the policy's default applies; null is not a grace (IsOptional would let it through).
  @ValidateIf((_dto: object, value: unknown) => value !== undefined)
  @IsInt()
  @Min(0)
  @Max(MAX_GRACE_HOURS)
  graceHours?: number;
}
