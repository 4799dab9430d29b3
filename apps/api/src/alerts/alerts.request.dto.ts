import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ALERT_KINDS, ALERT_STATUSES, type AlertKind, type AlertStatus } from '@casetrail/read-models';
import { OFFICE_ID } from '@casetrail/auth';
import { PageQueryDto } from '@api/http/page.query';

export class AlertsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'WAS' })
  @IsOptional()
  @Matches(OFFICE_ID, { message: 'officeId must be an office code such as WAS' })
  officeId?: string;

  @ApiPropertyOptional({ enum: ALERT_STATUSES })
  @IsOptional()
  @IsIn(ALERT_STATUSES)
  status?: AlertStatus;

  @ApiPropertyOptional({ enum: ALERT_KINDS })
  @IsOptional()
  @IsIn(ALERT_KINDS)
  kind?: AlertKind;
}
