import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  findDetainerOutcomes,
  findRcaCompliance,
  findReleaseOverrides,
  type JurisdictionDetainers,
  type RcaCompliance,
  type ReleaseOverrideView,
} from '@casetrail/read-models';
import {
  DetainerOutcomesQueryDto,
  RcaComplianceQueryDto,
  ReleaseOverridesQueryDto,
} from './oversight.request.dto';

/** The oversight views: releases against the RCA, RCA timeliness, detainer outcomes. */
@ApiTags('oversight')
@Controller('oversight')
export class OversightController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get('release-overrides')
  async releaseOverrides(
    @Query() query: ReleaseOverridesQueryDto,
  ): Promise<{ items: ReleaseOverrideView[] }> {
    return { items: await findReleaseOverrides(this.db, query) };
  }

  @Get('rca-compliance')
  async rcaCompliance(@Query() query: RcaComplianceQueryDto): Promise<RcaCompliance> {
    return findRcaCompliance(this.db, query);
  }

  @Get('detainers')
  async detainers(@Query() query: DetainerOutcomesQueryDto): Promise<{ items: JurisdictionDetainers[] }> {
    return { items: await findDetainerOutcomes(this.db, query) };
  }
}
