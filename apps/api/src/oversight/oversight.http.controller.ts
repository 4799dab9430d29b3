import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  findCustodyDeterminations,
  findDetainerOutcomes,
  findMissedCheckInOutcomes,
  findRcaCompliance,
  findReleaseOverrides,
  type CustodyDeterminationView,
  type JurisdictionDetainers,
  type OfficeMissedCheckIns,
  type RcaCompliance,
  type ReleaseOverrideView,
} from '@casetrail/read-models';
import {
  CustodyDeterminationsQueryDto,
  DetainerOutcomesQueryDto,
  MissedCheckInOutcomesQueryDto,
  RcaComplianceQueryDto,
  ReleaseOverridesQueryDto,
} from './oversight.request.dto';
import { Allow } from '@casetrail/auth';
import type { Caller } from '@casetrail/auth';
import { CurrentCaller } from '@api/access/access.decorators';
import { officeFilterFor } from '@api/access/office-scope';

/**
 * The oversight views: releases against the RCA, custody determinations, RCA timeliness, detainer
 * outcomes, and how missed check-ins ended.
 */
@ApiTags('oversight')
@Allow('SUPERVISOR', 'OVERSIGHT')
@Controller('oversight')
export class OversightController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get('release-overrides')
  async releaseOverrides(
    @Query() query: ReleaseOverridesQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ items: ReleaseOverrideView[] }> {
    return {
      items: await findReleaseOverrides(this.db, { ...query, ...officeFilterFor(caller, query.officeId) }),
    };
  }

  /** Supervisors' custody determinations under SUPERVISOR_REVIEW, beside the overrides. */
  @Get('custody-determinations')
  async custodyDeterminations(
    @Query() query: CustodyDeterminationsQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ items: CustodyDeterminationView[] }> {
    return {
      items: await findCustodyDeterminations(this.db, {
        ...query,
        ...officeFilterFor(caller, query.officeId),
      }),
    };
  }

  @Get('rca-compliance')
  async rcaCompliance(
    @Query() query: RcaComplianceQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<RcaCompliance> {
    return findRcaCompliance(this.db, { ...query, ...officeFilterFor(caller, query.officeId) });
  }

  /**
   * Recorded missed check-ins per office by how each ended: still missed, recorded late (voided),
   * excused, confirmed as a violation. Tells real non-compliance from paperwork.
   */
  @Get('missed-check-ins')
  async missedCheckIns(
    @Query() query: MissedCheckInOutcomesQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ offices: OfficeMissedCheckIns[] }> {
    return {
      offices: await findMissedCheckInOutcomes(this.db, {
        ...query,
        ...officeFilterFor(caller, query.officeId),
      }),
    };
  }

  /** Per jurisdiction across the agency: counts only, no case or office, so every reader sees all of it. */
  @Get('detainers')
  async detainers(@Query() query: DetainerOutcomesQueryDto): Promise<{ items: JurisdictionDetainers[] }> {
    return { items: await findDetainerOutcomes(this.db, query) };
  }
}
