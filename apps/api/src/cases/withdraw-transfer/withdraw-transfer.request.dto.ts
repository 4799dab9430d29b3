import { ApiProperty } from '@nestjs/swagger';
import { IsBusinessTime } from '@api/http/business-time.validator';

export class WithdrawTransferRequestDto {
  @ApiProperty({ example: '2026-11-24T09:00:00Z' })
  @IsBusinessTime()
  withdrawnAt!: string;
}
