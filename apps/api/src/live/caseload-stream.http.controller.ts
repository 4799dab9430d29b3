import { Controller, Sse, type MessageEvent } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { concatMap, from, interval, map, merge, mergeMap, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { findOfficerCaseloads, type OfficerCaseload } from '@casetrail/read-models';
import { MAX_PAGE_SIZE } from '@api/http/page.query';
import { officeAlertUpdates } from './office-alert-updates';
import { ReadModelChangesListener } from './read-model-changes.listener';
import { Allow, mayAccessOffice, type Caller } from '@casetrail/auth';
import { CurrentCaller } from '@api/access/access.decorators';

export interface OfficeCaseloadUpdate {
  officeId: string;
  officers: OfficerCaseload[];
}

/** Keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events: each time the projector commits a change to an office's cases, the office's
 * officer caseloads as they now stand (`event: caseloads`), and the office's alerts that changed
 * (`event: alerts`, see OfficeAlertsUpdate).
 */
@ApiTags('live')
@Allow('SUPERVISOR', 'OVERSIGHT')
@Controller('stream')
export class CaseloadStreamController {
  constructor(
    private readonly listener: ReadModelChangesListener,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Sse('caseloads')
  caseloads(@CurrentCaller() caller: Caller): Observable<MessageEvent> {
    const mayView = (officeId: string) => mayAccessOffice(caller, officeId);
    const updates = this.listener.changes.pipe(
      mergeMap((change) => from(change.officeIds.filter(mayView))),
      concatMap(async (officeId): Promise<OfficeCaseloadUpdate> => ({
        officeId,
        officers: await findOfficerCaseloads(this.db, { officeId, limit: MAX_PAGE_SIZE, offset: 0 }),
      })),
      map((update): MessageEvent => ({ type: 'caseloads', data: update })),
    );
    const alerts = officeAlertUpdates(this.listener.changes, this.db, mayView).pipe(
      map((update): MessageEvent => ({ type: 'alerts', data: update })),
    );
    const heartbeats = interval(HEARTBEAT_MS).pipe(
      map((): MessageEvent => ({ type: 'heartbeat', data: {} })),
    );
    return merge(updates, alerts, heartbeats);
  }
}
