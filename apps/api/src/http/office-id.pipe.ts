import { Injectable, type PipeTransform } from '@nestjs/common';
import { OFFICE_ID } from '@casetrail/auth';
import { RequestValidationFailed } from '@api/problem-details/validation';

/** An `:officeId` path parameter: an office code as the roster allows it. */
@Injectable()
export class OfficeIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!OFFICE_ID.test(value))
      throw new RequestValidationFailed([
        { field: 'officeId', messages: ['officeId must be an office code such as WAS'] },
      ]);
    return value;
  }
}
