import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Allow, OutsideCallerOffices, type Caller } from '@casetrail/auth';
import { Clock, PolicyBook } from '@casetrail/case-commands';
import {
  findStaffing,
  findStaffingHistory,
  type DocketStaffing,
  type OfficeStaffing,
  type Staffing,
  type StaffingHistoryPoint,
} from '@casetrail/read-models';
import { CurrentCaller } from '@api/access/access.decorators';
import { officeFilterFor } from '@api/access/office-scope';
import { csvResponse, toCsv, wantsCsv, type CsvCell } from '@api/http/csv';
import { OfficeIdPipe } from '@api/http/office-id.pipe';
import { StaffingHistoryQueryDto, StaffingQueryDto } from './staffing.request.dto';

const DAY_MS = 86_400_000;
const DEFAULT_HISTORY_DAYS = 90;

const STAFFING_COLUMNS = [
  'officeId',
  'docket',
  'cases',
  'officersOnRoster',
  'officersAbsent',
  'officersAvailable',
  'casesPerOfficer',
  'targetPerOfficer',
  'officersNeeded',
  'gap',
] as const;

/** The row of the national figures in CSV: every office in the caller's scope together. */
const ALL_OFFICES = 'ALL';

/**
 * Staffing against the policy's target caseload per officer: cases, officers available (the
 * roster less those absent now), officers needed and the gap, per office and docket and across
 * the offices in scope; and the daily history of the same figures.
 */
@ApiTags('staffing')
@Allow('SUPERVISOR', 'OVERSIGHT')
@Controller('staffing')
export class StaffingController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly policies: PolicyBook,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Staffing per office and docket, and across the offices in scope (CSV with Accept: text/csv)',
  })
  @ApiProduces('application/json', 'text/csv')
  async staffing(
    @Query() query: StaffingQueryDto,
    @CurrentCaller() caller: Caller,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Staffing | string> {
    const staffing = await findStaffing(this.db, officeFilterFor(caller, query.officeId), this.targets());
    if (!wantsCsv(request)) return staffing;
    return csvResponse(
      response,
      'staffing.csv',
      toCsv(STAFFING_COLUMNS, [
        ...staffing.offices.flatMap((office) =>
          office.dockets.map((row) => staffingRow(office.officeId, row)),
        ),
        ...staffing.national.map((row) => staffingRow(ALL_OFFICES, row)),
      ]),
    );
  }

  @Get('history')
  @ApiOperation({ summary: 'A daily point per office and docket (CSV with Accept: text/csv)' })
  @ApiProduces('application/json', 'text/csv')
  async history(
    @Query() query: StaffingHistoryQueryDto,
    @CurrentCaller() caller: Caller,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ items: StaffingHistoryPoint[] } | string> {
    const to = query.to ?? new Date().toISOString().slice(0, 10);
    const from =
      query.from ?? new Date(Date.parse(to) - (DEFAULT_HISTORY_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
    const items = await findStaffingHistory(
      this.db,
      { ...officeFilterFor(caller, query.officeId), docket: query.docket, from, to },
      this.targets(),
    );
    if (!wantsCsv(request)) return { items };
    return csvResponse(
      response,
      'staffing-history.csv',
      toCsv(
        ['day', ...STAFFING_COLUMNS],
        items.map((point) => [point.day, ...staffingRow(point.officeId, point)]),
      ),
    );
  }

  @Get('offices/:officeId')
  @ApiOperation({ summary: 'One office’s staffing (CSV with Accept: text/csv)' })
  @ApiProduces('application/json', 'text/csv')
  async office(
    @Param('officeId', OfficeIdPipe) officeId: string,
    @CurrentCaller() caller: Caller,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OfficeStaffing | string> {
    const [office] = (await findStaffing(this.db, officeFilterFor(caller, officeId), this.targets())).offices;
    // An office nobody is rostered in and no case is in answers as one outside the caller's offices.
    if (!office) throw new OutsideCallerOffices('OFFICE');
    if (!wantsCsv(request)) return office;
    return csvResponse(
      response,
      `staffing-${officeId}.csv`,
      toCsv(
        STAFFING_COLUMNS,
        office.dockets.map((row) => staffingRow(office.officeId, row)),
      ),
    );
  }

  /** The target caseloads of the policy in effect now. */
  private targets() {
    return this.policies.inEffectAt(this.clock.now().toISOString()).targetCaseloadPerOfficer;
  }
}

function staffingRow(officeId: string, row: DocketStaffing): CsvCell[] {
  return STAFFING_COLUMNS.map((column) => (column === 'officeId' ? officeId : row[column]));
}
