import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { toCaseEvent } from '@casetrail/cases';
import { CaseRuleViolation, evolve, initialCaseState, type CaseState } from '@casetrail/domain';
import { PostgresEventStore, type StoredEvent } from '@casetrail/event-store';
import { CaseIdPipe } from '@api/cases/shared/case-write';
import { CaseStateQueryDto } from './case-history.request.dto';

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
@Controller('cases/:caseId')
export class CaseHistoryController {
  constructor(private readonly eventStore: PostgresEventStore) {}

  @Get('events')
  async history(
    @Param('caseId', CaseIdPipe) caseId: string,
  ): Promise<{ caseId: string; items: CaseHistoryEntry[] }> {
    const stored = await this.existingStream(caseId);
    return { caseId, items: stored.map(toHistoryEntry) };
  }

  @Get()
  async state(
    @Param('caseId', CaseIdPipe) caseId: string,
    @Query() query: CaseStateQueryDto,
  ): Promise<{ caseId: string; version: number; asOf: string | null; state: CaseState }> {
    const stored = await this.existingStream(caseId);
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

  private async existingStream(caseId: string): Promise<StoredEvent[]> {
    const stored = await this.eventStore.readStream(caseId);
    if (stored.length === 0) throw new CaseRuleViolation('CASE.NOT_FOUND');
    return stored;
  }
}

function toHistoryEntry(stored: StoredEvent): CaseHistoryEntry {
  const event = toCaseEvent(stored);
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
