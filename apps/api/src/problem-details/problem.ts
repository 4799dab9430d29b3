/** RFC 9457 problem details, as every error leaves the api. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Stable machine-readable code, e.g. CASE.CLOSED. */
  code: string;
  correlationId?: string;
  errors?: FieldError[];
}

export interface FieldError {
  /** Dotted path of the offending field, e.g. subject.aNumber. */
  field: string;
  messages: string[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(code: string): string {
  return `https://casetrail.dev/problems/${code.toLowerCase().replace(/[._]/g, '-')}`;
}
