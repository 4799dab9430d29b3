import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 500;
/** The largest offset JavaScript counts exactly; Postgres' bigint OFFSET holds it too. */
export const MAX_PAGE_OFFSET = Number.MAX_SAFE_INTEGER;

/** Paging shared by every list endpoint: at most MAX_PAGE_SIZE rows a page. */
export class PageQueryDto {
  @ApiPropertyOptional({ default: 100, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit = 100;

  @ApiPropertyOptional({ default: 0, maximum: MAX_PAGE_OFFSET })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_OFFSET)
  offset = 0;
}
