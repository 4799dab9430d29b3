import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsBusinessTime } from '@api/http/business-time.validator';
import { FLAG_REASON_MAX_LENGTH } from '@api/cases/flag-case/flag-case.request.dto';

export class ClearCaseFlagRequestDto {
  @ApiProperty({ maxLength: FLAG_REASON_MAX_LENGTH, example: 'The bulletin was withdrawn.' })
  @IsString()
  @MaxLength(FLAG_REASON_MAX_LENGTH)
  reason!: string;

  @ApiProperty({ example: '2026-11-22T12:00:00Z' })
  @IsBusinessTime()
  clearedAt!: string;
}
