import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/** A date, a time and an offset: the ISO 8601 forms JavaScript reads as one instant everywhere. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * A business time (when something happened or is planned). `IsISO8601` alone also accepts week
 * and ordinal dates, basic format and times without an offset: some of those `Date` cannot read
 * (a 500 instead of a 400), and the rest would depend on the server's time zone.
 */
export function IsBusinessTime(): PropertyDecorator {
  return applyDecorators(
    IsISO8601({ strict: true }),
    Matches(INSTANT, {
      message: '$property must be an ISO 8601 date-time with an offset, e.g. 2026-11-20T09:00:00Z',
    }),
  );
}
