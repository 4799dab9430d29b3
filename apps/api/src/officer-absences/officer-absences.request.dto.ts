import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, ValidateIf } from 'class-validator';
import { OFFICER_ID } from '@api/cases/open-case/open-case.request.dto';
import { IsBusinessTime } from '@api/http/business-time.validator';
import { OfficerDocketParamsDto } from '@api/officer-docket/officer-docket.request.dto';
import { ABSENCE_KINDS, type AbsenceKind } from './officer-absences.repository';

export class RecordAbsenceRequestDto {
  @ApiProperty({ enum: ABSENCE_KINDS, example: 'LEAVE' })
  @IsIn(ABSENCE_KINDS)
  kind!: AbsenceKind;

  @ApiProperty({ example: '2026-12-01T00:00:00Z' })
  @IsBusinessTime()
  startsAt!: string;

  @ApiPropertyOptional({ example: '2026-12-15T00:00:00Z', description: 'Absent: until ended.' })
  @IsOptional()
  @IsBusinessTime()
  endsAt?: string;

  @ApiPropertyOptional({
    example: 'WAS-ND-002',
    nullable: true,
    description: 'An officer of the same office; absent or null: nobody, and the supervisors act.',
  })
  @ValidateIf((body: RecordAbsenceRequestDto) => body.coveringOfficerId != null)
  @Matches(OFFICER_ID, { message: 'coveringOfficerId must be an officer id' })
  coveringOfficerId?: string | null;
}

export class ChangeCoverRequestDto {
  @ApiProperty({ example: 'WAS-ND-003', nullable: true, description: 'null: nobody covers from now on.' })
  @ValidateIf((body: ChangeCoverRequestDto) => body.coveringOfficerId !== null)
  @Matches(OFFICER_ID, { message: 'coveringOfficerId must be an officer id or null' })
  coveringOfficerId!: string | null;
}

export class AbsenceParamsDto extends OfficerDocketParamsDto {
  @ApiProperty({ format: 'uuid' })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    message: 'absenceId must be a UUID',
  })
  absenceId!: string;
}
