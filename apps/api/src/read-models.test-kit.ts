import type { CaseEvent } from '@casetrail/domain';
import { PostgresEventStore } from '@casetrail/event-store';
import { liveCaseProjections } from '@casetrail/deadlines';
import { CaseEventApplier } from '@casetrail/read-models';
import { caseEventMessages } from '@casetrail/testing';
import type { ApiTestContext } from './api.test-kit';

/**
 * Applies one case's events to the read models, as the projector would, so a query endpoint can be
 * tested without running the projector and Kafka.
 */
export async function projectCaseEvents(
  api: ApiTestContext,
  events: CaseEvent[],
  firstVersion = 1,
): Promise<void> {
  const applier = new CaseEventApplier(liveCaseProjections(), api.app.get(PostgresEventStore));
  await api.db.transaction((manager) => applier.apply(manager, caseEventMessages(events, firstVersion)));
}
