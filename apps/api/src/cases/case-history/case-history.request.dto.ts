import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsBusinessTime } from '@api/http/business-time.validator';

export class CaseStateQueryDto {
  @ApiPropertyOptional({
    example: '2026-11-22T00:00:00Z',
    description: 'The state as Casetrail knew it at this time (events recorded up to then).',
  })
  @IsOptional()
  @IsBusinessTime()
  asOf?: string;
}
