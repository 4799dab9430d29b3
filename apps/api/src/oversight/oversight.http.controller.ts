import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  findCustodyDeterminations,
  findDetainerOutcomes,
  findMonthlyOversightReports,
  MONTHLY_OVERSIGHT_MEASURES,
  findMissedCheckInOutcomes,
  findRcaCompliance,
  findReleaseOverrides,
  type CustodyDeterminationView,
  type JurisdictionDetainers,
  type MonthlyOversightReport,
  type OfficeMissedCheckIns,
  type RcaCompliance,
  type ReleaseOverrideView,
} from '@casetrail/read-models';
import {
  CustodyDeterminationsQueryDto,
  DetainerOutcomesQueryDto,
  MonthlyReportsQueryDto,
  MissedCheckInOutcomesQueryDto,
  RcaComplianceQueryDto,
  ReleaseOverridesQueryDto,
} from './oversight.request.dto';
import { Allow } from '@casetrail/auth';
import type { Caller } from '@casetrail/auth';
import { CurrentCaller } from '@api/access/access.decorators';
import { officeFilterFor } from '@api/access/office-scope';
import { csvResponse, toCsv, wantsCsv } from '@api/http/csv';

/**
 * The oversight views: releases against the RCA, custody determinations, RCA timeliness, detainer
 * outcomes, how missed check-ins ended, and the monthly report per office that counts them all.
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

  /**
   * Per office in scope, one calendar month's counts: releases against the RCA (by reason code),
   * custody determinations (by decision), RCAs completed within the window, missed check-ins by
   * outcome, absconder referrals, declined detainers. As CSV with `Accept: text/csv`.
   */
  @Get('monthly-reports')
  @ApiProduces('application/json', 'text/csv')
  async monthlyReports(
    @Query() query: MonthlyReportsQueryDto,
    @CurrentCaller() caller: Caller,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ items: MonthlyOversightReport[] } | string> {
    const items = await findMonthlyOversightReports(this.db, {
      month: query.month,
      ...officeFilterFor(caller, query.officeId),
    });
    if (!wantsCsv(request)) return { items };
    const columns = ['officeId', 'month', ...MONTHLY_OVERSIGHT_MEASURES] as const;
    return csvResponse(
      response,
      `oversight-${query.month}.csv`,
      toCsv(
        columns,
        items.map((report) => columns.map((column) => report[column])),
      ),
    );
  }
}
