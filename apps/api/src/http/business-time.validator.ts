import { isISO8601, ValidateBy } from 'class-validator';

/** A date, a time and an offset: the ISO 8601 forms JavaScript reads as one instant everywhere. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Accepts exactly what the api then reads with `new Date`. `IsISO8601` alone also accepts week and
 * ordinal dates, basic format and times without an offset: some of those `Date` cannot read (a
 * wrong answer instead of a 400), and the rest would depend on the server's time zone. The strict
 * ISO check refuses calendar dates `Date` would roll over (2026-02-30).
 */
export function isBusinessTime(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    INSTANT.test(value) &&
    isISO8601(value, { strict: true }) &&
    Number.isFinite(Date.parse(value))
  );
}

/** A business time (when something happened or is planned), or a point in time a query reads at. */
export function IsBusinessTime(): PropertyDecorator {
  return ValidateBy({
    name: 'isBusinessTime',
    validator: {
      validate: isBusinessTime,
      defaultMessage: (args) =>
        `${args?.property ?? 'value'} must be an ISO 8601 date-time with an offset, e.g. 2026-11-20T09:00:00Z`,
    },
  });
}
