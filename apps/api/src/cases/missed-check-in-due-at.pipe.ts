import type { PipeTransform } from '@nestjs/common';
import { canonicalInstant } from '@casetrail/domain';
import { isBusinessTime } from '@api/http/business-time.validator';
import { RequestValidationFailed } from '@api/problem-details/validation';

/** A recorded miss is named by its deadline, `:dueAt` in the path: an ISO 8601 instant. */
export class MissedCheckInDueAtPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isBusinessTime(value)) {
      throw new RequestValidationFailed([
        { field: 'dueAt', messages: ['dueAt must be the missed deadline, e.g. 2026-11-30T09:00:00.000Z'] },
      ]);
    }
    return canonicalInstant(value);
  }
}

/** The path parameter's OpenAPI description. */
export const MISSED_CHECK_IN_DUE_AT_PARAM = {
  name: 'dueAt',
  description: 'The deadline of the missed check-in (as in CheckInMissed), ISO 8601',
  example: '2026-11-30T09:00:00.000Z',
};
