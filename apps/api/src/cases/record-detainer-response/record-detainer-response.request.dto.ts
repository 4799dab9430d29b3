import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { DETAINER_RESPONSES, type DetainerResponse } from '@casetrail/domain';
import { IsBusinessTime } from '@api/http/business-time.validator';

export class RecordDetainerResponseRequestDto {
  @ApiProperty({ enum: DETAINER_RESPONSES, example: 'DECLINED' })
  @IsIn(DETAINER_RESPONSES)
  response!: DetainerResponse;

  @ApiProperty({ example: '2026-11-22T08:00:00Z' })
  @IsBusinessTime()
  respondedAt!: string;
}
