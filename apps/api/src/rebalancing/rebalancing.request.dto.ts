import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { STAFFED_DOCKETS, type StaffedDocket } from '@casetrail/read-models';
import { IsBusinessTime } from '@api/http/business-time.validator';
import { OFFICER_ID } from '@api/cases/open-case/open-case.request.dto';

/** The most reassignments one request applies, and the most moves a proposal lists. */
export const MAX_BULK_REASSIGNMENTS = 500;

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class RebalancingProposalQueryDto {
  @ApiProperty({ enum: STAFFED_DOCKETS })
  @IsIn(STAFFED_DOCKETS, { message: `docket must be one of ${STAFFED_DOCKETS.join(', ')}` })
  docket!: StaffedDocket;

  @ApiPropertyOptional({ default: false, description: 'Move priority-flagged cases too.' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'includeFlagged must be true or false' })
  includeFlagged = false;

  @ApiPropertyOptional({ default: false, description: 'Move cases with an open alert too.' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'includeOpenAlerts must be true or false' })
  includeOpenAlerts = false;

  @ApiPropertyOptional({ default: MAX_BULK_REASSIGNMENTS, maximum: MAX_BULK_REASSIGNMENTS })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_BULK_REASSIGNMENTS)
  limit = MAX_BULK_REASSIGNMENTS;
}

export class ReassignmentItemDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId!: string;

  @ApiProperty({ example: 'WAS-ND-002' })
  @Matches(OFFICER_ID, { message: 'toOfficerId must be an officer id' })
  toOfficerId!: string;

  @ApiPropertyOptional({ description: 'The case version the move was decided on (as If-Match).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class BulkReassignmentsRequestDto {
  /** A blank reason is the domain's rule (CASE.REASON_REQUIRED), not a malformed request. */
  @ApiProperty({ maxLength: 500, example: 'Rebalancing the non-detained docket.' })
  @IsString()
  @MaxLength(500)
  reason!: string;

  @ApiProperty({ example: '2026-11-24T09:00:00Z' })
  @IsBusinessTime()
  reassignedAt!: string;

  @ApiProperty({ type: [ReassignmentItemDto], maxItems: MAX_BULK_REASSIGNMENTS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_REASSIGNMENTS)
  @ValidateNested({ each: true })
  @Type(() => ReassignmentItemDto)
  reassignments!: ReassignmentItemDto[];
}
