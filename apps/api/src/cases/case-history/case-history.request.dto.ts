import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class CaseStateQueryDto {
  @ApiPropertyOptional({
    example: '2026-11-22T00:00:00Z',
    description: 'The state as Casetrail knew it at this time (events recorded up to then).',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}
