import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsObject, ValidateNested } from 'class-validator';
import {
  ENROLMENT_BASES,
  REPORTING_CONDITIONS,
  type EnrolmentBasis,
  type ReportingCondition,
} from '@casetrail/domain';
import { IsBusinessTime } from '@api/http/business-time.validator';
import { CheckInPlanDto } from '@api/cases/release-subject/release-subject.request.dto';

/** A pending case put on the non-detained docket without a detention, as most of that docket is. */
export class EnrolSubjectRequestDto {
  @ApiProperty({ enum: ENROLMENT_BASES, example: 'ORDER_OF_RECOGNIZANCE' })
  @IsIn(ENROLMENT_BASES)
  basis!: EnrolmentBasis;

  @ApiProperty({ enum: REPORTING_CONDITIONS, isArray: true, example: ['REPORT_IN_PERSON'] })
  @IsArray()
  @ArrayMaxSize(REPORTING_CONDITIONS.length)
  @ArrayUnique()
  @IsIn(REPORTING_CONDITIONS, { each: true })
  reportingConditions!: ReportingCondition[];

  @ApiProperty({ example: '2026-11-21T09:00:00Z' })
  @IsBusinessTime()
  enrolledAt!: string;

  @ApiProperty({ type: CheckInPlanDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CheckInPlanDto)
  checkInPlan!: CheckInPlanDto;
}
