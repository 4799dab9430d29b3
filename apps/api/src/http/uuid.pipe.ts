import { Injectable, type PipeTransform } from '@nestjs/common';
import { RequestValidationFailed } from '@api/problem-details/validation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path parameter that must be a UUID, lower-cased as the ids this api generates are. */
export class UuidPipe implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}

  transform(value: string): string {
    if (!UUID.test(value))
      throw new RequestValidationFailed([{ field: this.field, messages: [`${this.field} must be a UUID`] }]);
    return value.toLowerCase();
  }
}

@Injectable()
export class CaseIdPipe extends UuidPipe {
  constructor() {
    super('caseId');
  }
}
