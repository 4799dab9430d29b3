import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Allow, officeScopeOf, OutsideCallerOffices, type Caller } from '@casetrail/auth';
import type { CaseCommandOutcome } from '@casetrail/case-commands';
import { CaseRuleViolation, proposeRebalancing, type OfficerLoad } from '@casetrail/domain';
import { StreamVersionConflict } from '@casetrail/event-store';
import { findRebalancingCandidates, type StaffedDocket } from '@casetrail/read-models';
import { CurrentCaller } from '@api/access/access.decorators';
import { officeFilterFor } from '@api/access/office-scope';
import { markCaseCommand } from '@api/audit/audit-outcome';
import { auditRecordOf } from '@api/audit/audit.middleware';
import { actorOf, idempotencyOf, iso } from '@api/cases/shared/command-metadata';
import { ExecuteCaseCommands } from '@api/cases/shared/execute-case-commands';
import { OfficeIdPipe } from '@api/http/office-id.pipe';
import { RequestValidationFailed } from '@api/problem-details/validation';
import { correlationIdOf } from '@api/request-context/correlation-id';
import { RosterRepository } from '@api/roster/roster.repository';
import { BulkReassignmentsRequestDto, RebalancingProposalQueryDto } from './rebalancing.request.dto';

export interface ProposedMove {
  caseId: string;
  fromOfficerId: string;
  toOfficerId: string;
  /** The case's version the proposal saw: sent back, a case that moved since is not moved. */
  expectedVersion: number;
}

export interface RebalancingProposalView {
  officeId: string;
  docket: StaffedDocket;
  /** Cases ÷ officers taking part (the docket's unit, less those absent now). */
  average: number;
  maxToAverageBefore: number | null;
  /** After every move of the proposal, listed or not. */
  maxToAverageAfter: number | null;
  officers: OfficerLoad[];
  /** Cases left where they are because they carry a priority flag or an open alert. */
  heldBack: { priorityFlagged: number; openAlert: number };
  /** Every move the proposal makes; `moves` lists the first `limit` of them. */
  moveCount: number;
  moves: ProposedMove[];
}

export type ReassignmentOutcome =
  | { caseId: string; outcome: 'MOVED'; version: number }
  | { caseId: string; outcome: 'CONFLICT' | 'NOT_FOUND' }
  | { caseId: string; outcome: 'REFUSED'; code: string };

export interface BulkReassignmentsResponse {
  moved: number;
  outcomes: ReassignmentOutcome[];
}

/**
 * Rebalancing one office's docket: a proposal of reassignments that bring each officer toward the
 * office average, and the bulk request that applies it (or any list of reassignments) case by case.
 */
@ApiTags('caseloads')
@Controller('offices/:officeId')
export class RebalancingController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly commandBus: CommandBus,
    private readonly roster: RosterRepository,
  ) {}

  /**
   * Never moves a priority-flagged case or one with an open alert unless asked; an absent
   * officer's cases stay with them (their cover works them) and they take none.
   */
  @Get('rebalancing-proposal')
  @Allow('SUPERVISOR', 'OVERSIGHT')
  @ApiOperation({
    summary: 'Reassignments that bring each officer of a docket toward the office average',
    description:
      'Never moves a priority-flagged case (unless includeFlagged=true) or one with an open alert (unless includeOpenAlerts=true). Each move carries the case version seen, to send back as expectedVersion.',
  })
  async proposal(
    @Param('officeId', OfficeIdPipe) officeId: string,
    @Query() query: RebalancingProposalQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<RebalancingProposalView> {
    officeFilterFor(caller, officeId);
    const { officerIds, cases } = await findRebalancingCandidates(this.db, officeId, query.docket);
    if (officerIds.length === 0 && cases.length === 0) throw new OutsideCallerOffices('OFFICE');
    const taking = new Set(officerIds);
    const heldBack = { priorityFlagged: 0, openAlert: 0 };
    const versions = new Map<string, number>();
    const movable = (candidate: (typeof cases)[number]) => {
      const flagged = candidate.priorityFlagged && !query.includeFlagged;
      const alerted = candidate.openAlert && !query.includeOpenAlerts;
      if (taking.has(candidate.officerId)) {
        if (flagged) heldBack.priorityFlagged += 1;
        else if (alerted) heldBack.openAlert += 1;
      }
      return !flagged && !alerted;
    };
    const proposal = proposeRebalancing(
      officerIds,
      cases.map((candidate) => {
        versions.set(candidate.caseId, candidate.version);
        return { caseId: candidate.caseId, officerId: candidate.officerId, movable: movable(candidate) };
      }),
    );
    return {
      officeId,
      docket: query.docket,
      average: proposal.average,
      maxToAverageBefore: proposal.maxToAverageBefore,
      maxToAverageAfter: proposal.maxToAverageAfter,
      officers: proposal.officers,
      heldBack,
      moveCount: proposal.moves.length,
      moves: proposal.moves
        .slice(0, query.limit)
        .map((move) => ({ ...move, expectedVersion: versions.get(move.caseId) ?? 0 })),
    };
  }

  /**
   * One `CaseReassigned` per case through the normal command path, each case's outcome reported:
   * moved, conflict (the case moved on since `expectedVersion`), not found (or outside the
   * caller's offices), or refused with the rule's code. With an Idempotency-Key a second request
   * returns the first answer and changes nothing.
   */
  @Post('reassignments')
  @Allow('SUPERVISOR')
  @ApiOperation({
    summary: 'Apply a list of reassignments within the office, one CaseReassigned per case',
    description:
      'Answers 200 with each case’s outcome: MOVED (with its new version), CONFLICT (expectedVersion is stale), NOT_FOUND (or outside your offices), REFUSED (with the rule’s code). Nothing is half-applied for a case.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'The same key and body answer the first outcomes again (Idempotent-Replayed: true) and change nothing.',
  })
  @HttpCode(HttpStatus.OK)
  async reassign(
    @Param('officeId', OfficeIdPipe) officeId: string,
    @Body() body: BulkReassignmentsRequestDto,
    @CurrentCaller() caller: Caller,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<BulkReassignmentsResponse> {
    officeFilterFor(caller, officeId);
    markCaseCommand(response, 'ReassignCase');
    const caseIds = body.reassignments.map((item) => item.caseId.toLowerCase());
    if (new Set(caseIds).size !== caseIds.length)
      throw new RequestValidationFailed([
        { field: 'reassignments', messages: ['each case may appear once in reassignments'] },
      ]);
    const rosterOffices = new Map<string, string | undefined>();
    for (const { toOfficerId } of body.reassignments)
      if (!rosterOffices.has(toOfficerId))
        rosterOffices.set(toOfficerId, await this.roster.officeOfOfficer(toOfficerId));
    const correlationId = correlationIdOf(request);
    const reassignedAt = iso(body.reassignedAt);
    const { response: answer, replayed } = await this.commandBus.execute(
      new ExecuteCaseCommands<BulkReassignmentsResponse>(
        body.reassignments.map((item, index) => ({
          caseId: caseIds[index],
          expectedVersion: item.expectedVersion,
          correlationId,
          occurredAt: reassignedAt,
          command: {
            type: 'ReassignCase',
            data: {
              toOfficeId: officeId,
              toOfficerId: item.toOfficerId,
              toOfficerRosterOfficeId: rosterOffices.get(item.toOfficerId),
              reason: body.reason,
              reassignedAt,
            },
          },
        })),
        {
          actor: actorOf(request),
          officeScope: officeScopeOf(caller),
          idempotency: idempotencyOf(request),
          audit: auditRecordOf(request, {
            command: 'ReassignCase',
            outcome: 'ALLOWED',
            status: HttpStatus.OK,
          }),
        },
        bulkAnswer,
      ),
    );
    if (replayed) response.setHeader('Idempotent-Replayed', 'true');
    return answer;
  }
}

function bulkAnswer(outcomes: CaseCommandOutcome[]): BulkReassignmentsResponse {
  const answered = outcomes.map(reassignmentOutcome);
  return { moved: answered.filter((item) => item.outcome === 'MOVED').length, outcomes: answered };
}

function reassignmentOutcome(outcome: CaseCommandOutcome): ReassignmentOutcome {
  const { caseId } = outcome;
  if ('result' in outcome) return { caseId, outcome: 'MOVED', version: outcome.result.version };
  const { error } = outcome;
  if (error instanceof StreamVersionConflict) return { caseId, outcome: 'CONFLICT' };
  if (error instanceof OutsideCallerOffices) return { caseId, outcome: 'NOT_FOUND' };
  if (error instanceof CaseRuleViolation)
    return error.code === 'CASE.NOT_FOUND'
      ? { caseId, outcome: 'NOT_FOUND' }
      : { caseId, outcome: 'REFUSED', code: error.code };
  // Anything else is a fault, not an answer: it rolls the whole request back.
  throw error;
}
