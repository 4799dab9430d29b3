import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import type { AuditOutcome } from '@casetrail/audit';
import { IsBusinessTime } from '@api/http/business-time.validator';
import { PageQueryDto } from '@api/http/page.query';

const OUTCOMES: AuditOutcome[] = ['ALLOWED', 'DENIED', 'REFUSED', 'FAILED'];

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Za-z0-9._@-]{1,100}$/, { message: 'userId must be a user id' })
  userId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ enum: OUTCOMES })
  @IsOptional()
  @IsIn(OUTCOMES)
  outcome?: AuditOutcome;

  @ApiPropertyOptional({ description: 'ISO 8601, inclusive' })
  @IsOptional()
  @IsBusinessTime()
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601, exclusive' })
  @IsOptional()
  @IsBusinessTime()
  to?: string;
}
