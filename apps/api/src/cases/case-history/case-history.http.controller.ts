import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PersonalDataVault } from '@casetrail/case-commands';
import { toCaseEvent } from '@casetrail/contracts';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CaseRuleViolation,
  evolve,
  initialCaseState,
  type CaseEvent,
  type CaseState,
} from '@casetrail/domain';
import { PostgresEventStore, type StoredEvent } from '@casetrail/event-store';
import { CaseIdPipe } from '@api/http/uuid.pipe';
import { CaseStateQueryDto } from './case-history.request.dto';
import { Allow } from '@casetrail/auth';
import { mayAccessOffice, OutsideCallerOffices, type Caller } from '@casetrail/auth';
import { CurrentCaller } from '@api/access/access.decorators';

export interface CaseHistoryEntry {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamVersion: number;
  occurredAt: string;
  recordedAt: string;
  actor: { userId: string; role: string };
  correlationId: string;
  causationId: string | null;
  data: unknown;
}

/** A case's history and its state, read from the event store itself: always complete, never stale. */
@ApiTags('cases')
@Allow('OFFICER', 'SUPERVISOR', 'OVERSIGHT')
@Controller('cases/:caseId')
export class CaseHistoryController {
  constructor(
    private readonly eventStore: PostgresEventStore,
    private readonly personalData: PersonalDataVault,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Get('events')
  async history(
    @Param('caseId', CaseIdPipe) caseId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<{ caseId: string; items: CaseHistoryEntry[] }> {
    const stored = await this.readableStream(caseId, caller);
    const events = await this.personalData.reveal(this.db.manager, caseId, stored.map(toCaseEvent));
    return { caseId, items: stored.map((event, index) => toHistoryEntry(event, events[index])) };
  }

  @Get()
  async state(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Query() query: CaseStateQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ caseId: string; version: number; asOf: string | null; state: CaseState }> {
    const stored = await this.readableStream(caseId, caller);
    const asOf = query.asOf ? Date.parse(query.asOf) : Infinity;
    const known = stored.filter((event) => Date.parse(event.recordedAt) <= asOf);
    if (known.length === 0) throw new CaseRuleViolation('CASE.NOT_FOUND');
    return {
      caseId,
      version: known[known.length - 1].streamVersion,
      asOf: query.asOf ? new Date(asOf).toISOString() : null,
      state: known.map(toCaseEvent).reduce(evolve, initialCaseState),
    };
  }

  /** The case's events, if it exists in an office the caller may read (by where the case is now). */
  private async readableStream(caseId: string, caller: Caller): Promise<StoredEvent[]> {
    const stored = await this.eventStore.readStream(caseId);
    if (stored.length === 0) throw new CaseRuleViolation('CASE.NOT_FOUND');
    const now = stored.map(toCaseEvent).reduce(evolve, initialCaseState);
    if (now.opened && !mayAccessOffice(caller, now.officeId)) throw new OutsideCallerOffices('CASE');
    return stored;
  }
}

function toHistoryEntry(stored: StoredEvent, event: CaseEvent): CaseHistoryEntry {
  return {
    eventId: stored.eventId,
    type: event.type,
    schemaVersion: event.version,
    streamVersion: stored.streamVersion,
    occurredAt: stored.occurredAt,
    recordedAt: stored.recordedAt,
    actor: stored.metadata.actor,
    correlationId: stored.metadata.correlationId,
    causationId: stored.metadata.causationId,
    data: event.data,
  };
}
