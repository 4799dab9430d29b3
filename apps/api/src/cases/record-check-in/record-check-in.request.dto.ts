import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CHECK_IN_METHODS, type CheckInMethod } from '@casetrail/domain';
import { IsBusinessTime } from '@api/http/business-time.validator';

export class RecordCheckInRequestDto {
  @ApiProperty({ example: '2026-11-30T08:45:00Z' })
  @IsBusinessTime()
  checkedInAt!: string;

  @ApiProperty({ enum: CHECK_IN_METHODS, example: 'IN_PERSON' })
  @IsIn(CHECK_IN_METHODS)
  method!: CheckInMethod;
}
