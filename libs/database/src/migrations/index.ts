import { EventStore1732400000000 } from './1732400000000-event-store';
import { ReadModels1732400000001 } from './1732400000001-read-models';
import { Commands1732400000002 } from './1732400000002-commands';
import { ReadModelSchema1732400000003 } from './1732400000003-read-model-schema';
import { Deadlines1732400000004 } from './1732400000004-deadlines';
import { AuditAndPersonalData1732400000005 } from './1732400000005-audit-and-personal-data';
import { OutboxSignalAfterCommit1732400000010 } from './1732400000010-outbox-signal-after-commit';
import { AuditWithCommands1732400000011 } from './1732400000011-audit-with-commands';
import { NonDetainedDocketReadModels1732400000012 } from './1732400000012-non-detained-docket-read-models';
import { OfficerAbsences1732400000013 } from './1732400000013-officer-absences';
import { TransfersReadModel1732400000014 } from './1732400000014-transfers-read-model';
import { StaffingAndMonthlyOversightReadModels1732400000015 } from './1732400000015-staffing-and-monthly-oversight-read-models';
import { SharedRateLimitHits1732400000016 } from './1732400000016-shared-rate-limit-hits';
import { MissedCheckInOutcomes1732400000017 } from './1732400000017-missed-check-in-outcomes';
import { OutboxShardLeases1732400000018 } from './1732400000018-outbox-shard-leases';
import { PolicyVersionsOnDeadlines1732400000019 } from './1732400000019-policy-versions-on-deadlines';

/** In order of application. */
export const migrations = [
  EventStore1732400000000,
  ReadModels1732400000001,
  Commands1732400000002,
  ReadModelSchema1732400000003,
  Deadlines1732400000004,
  AuditAndPersonalData1732400000005,
  OutboxSignalAfterCommit1732400000010,
  AuditWithCommands1732400000011,
  NonDetainedDocketReadModels1732400000012,
  OfficerAbsences1732400000013,
  TransfersReadModel1732400000014,
  StaffingAndMonthlyOversightReadModels1732400000015,
  SharedRateLimitHits1732400000016,
  MissedCheckInOutcomes1732400000017,
  OutboxShardLeases1732400000018,
  PolicyVersionsOnDeadlines1732400000019,
];
