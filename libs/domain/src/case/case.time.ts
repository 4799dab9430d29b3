/**
 * Time arithmetic on ISO 8601 strings. The domain never reads a clock: every instant arrives in
 * the command or the decision context. Compare instants, never strings: '…T10:00:00Z' and
 * '…T10:00:00.000Z' are the same time.
 */
export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

export function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

export function isInstant(iso: string): boolean {
  return !Number.isNaN(Date.parse(iso));
}

export function isSameInstant(a: string, b: string): boolean {
  return Date.parse(a) === Date.parse(b);
}

export function isAfter(a: string, b: string): boolean {
  return Date.parse(a) > Date.parse(b);
}

/** The one spelling of an instant (`toISOString`), for ids derived from times. */
export function canonicalInstant(iso: string): string {
  return new Date(Date.parse(iso)).toISOString();
}

/**
 * The UTC calendar day (YYYY-MM-DD) of an instant. An instant already spelled canonically (as every
 * stored event's times are) is its own day's prefix, so most calls parse nothing.
 */
export function utcDayOf(iso: string): string {
  const canonical = iso.length === 24 && iso[10] === 'T' && iso[23] === 'Z';
  return (canonical ? iso : canonicalInstant(iso)).slice(0, 10);
}
