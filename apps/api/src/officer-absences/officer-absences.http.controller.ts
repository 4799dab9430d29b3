import { Body, Controller, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { Allow, mayAccessOffice, OutsideCallerOffices, type Caller } from '@casetrail/auth';
import { Clock } from '@casetrail/case-commands';
import { CurrentCaller } from '@api/access/access.decorators';
import { OfficerDocketParamsDto } from '@api/officer-docket/officer-docket.request.dto';
import { RosterViolation } from '@api/roster/roster.errors';
import { RosterRepository } from '@api/roster/roster.repository';
import { OfficerAbsencesRepository, type OfficerAbsence } from './officer-absences.repository';
import {
  AbsenceParamsDto,
  ChangeCoverRequestDto,
  RecordAbsenceRequestDto,
} from './officer-absences.request.dto';

/**
 * A supervisor records an officer's absence and who covers; while it lasts the covering officer's
 * worklist holds the absent officer's cases and new alerts name the covering officer (or, with
 * nobody covering, leave them to the office's supervisors). Ending or changing it counts from now.
 */
@ApiTags('coverage')
@Allow('SUPERVISOR')
@Controller('officers/:officerId/absences')
export class OfficerAbsencesController {
  constructor(
    private readonly absences: OfficerAbsencesRepository,
    private readonly roster: RosterRepository,
    private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  async record(
    @Param() { officerId }: OfficerDocketParamsDto,
    @Body() body: RecordAbsenceRequestDto,
    @CurrentCaller() caller: Caller,
  ): Promise<OfficerAbsence> {
    const officeId = await this.officeOf(officerId, caller);
    const startsAt = new Date(body.startsAt).toISOString();
    const endsAt = body.endsAt === undefined ? null : new Date(body.endsAt).toISOString();
    if (endsAt !== null && Date.parse(endsAt) <= Date.parse(startsAt))
      throw new RosterViolation('ROSTER.ABSENCE_PERIOD_INVALID');
    const coveringOfficerId = await this.cover(officeId, officerId, body.coveringOfficerId ?? null);
    const absence: OfficerAbsence = {
      absenceId: randomUUID(),
      officerId,
      officeId,
      kind: body.kind,
      startsAt,
      endsAt,
      coveringOfficerId,
      recordedBy: caller.userId,
      recordedAt: this.clock.now().toISOString(),
    };
    await this.absences.record(absence);
    return absence;
  }

  /** Ends the absence now; one that has not begun is cancelled. */
  @Post(':absenceId/end')
  @HttpCode(HttpStatus.CREATED)
  async end(@Param() params: AbsenceParamsDto, @CurrentCaller() caller: Caller): Promise<OfficerAbsence> {
    const absence = await this.existing(params, caller);
    await this.absences.end(absence, this.clock.now().toISOString());
    return (await this.existing(params, caller)) as OfficerAbsence;
  }

  /** From now on another officer (or nobody) covers: the absence ends now and continues as a new one. */
  @Put(':absenceId/cover')
  async changeCover(
    @Param() params: AbsenceParamsDto,
    @Body() body: ChangeCoverRequestDto,
    @CurrentCaller() caller: Caller,
  ): Promise<OfficerAbsence> {
    const absence = await this.existing(params, caller);
    const coveringOfficerId = await this.cover(absence.officeId, absence.officerId, body.coveringOfficerId);
    const continuation = await this.absences.end(absence, this.clock.now().toISOString(), {
      absenceId: randomUUID(),
      coveringOfficerId,
      recordedBy: caller.userId,
    });
    return continuation as OfficerAbsence;
  }

  /** The officer's office, when the caller works there: otherwise 404, as for nobody at all. */
  private async officeOf(officerId: string, caller: Caller): Promise<string> {
    const officeId = await this.roster.officeOfOfficer(officerId);
    if (officeId === undefined || !mayAccessOffice(caller, officeId))
      throw new OutsideCallerOffices('OFFICER');
    return officeId;
  }

  private async existing(
    { officerId, absenceId }: AbsenceParamsDto,
    caller: Caller,
  ): Promise<OfficerAbsence> {
    await this.officeOf(officerId, caller);
    const absence = await this.absences.find(officerId, absenceId.toLowerCase());
    if (!absence) throw new RosterViolation('ROSTER.ABSENCE_NOT_FOUND');
    return absence;
  }

  /** A cover must be another officer on the same office's roster. */
  private async cover(officeId: string, officerId: string, coveringOfficerId: string | null) {
    if (coveringOfficerId === null) return null;
    if (coveringOfficerId === officerId) throw new RosterViolation('ROSTER.COVER_SELF');
    await this.roster.assertOfficerInOffice(officeId, coveringOfficerId);
    return coveringOfficerId;
  }
}
