import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PostgresAuditTrail } from '@casetrail/audit';
import { AccessTokenVerifier, authSettingsOf } from '@casetrail/auth';
import { AppConfig } from '@casetrail/config';
import { CqrsModule } from '@nestjs/cqrs';
import { ThrottlerStorage } from '@nestjs/throttler';
import { CaseCommandsModule } from '@casetrail/case-commands';
import { ConfigModule } from '@casetrail/config';
import { AccessGuard } from './access/access.guard';
import { AuditController } from './audit/audit.http.controller';
import { AuditMiddleware } from './audit/audit.middleware';
import { AuditedCaseGuard } from './audit/audited-case.guard';
import { RateLimitMiddleware } from './access/rate-limit.middleware';
import { SharedThrottlerStorage } from './access/shared-throttler-storage';
import { DatabaseModule } from '@casetrail/database';
import { MessagingModule } from '@casetrail/messaging';
import { ObservabilityModule } from '@casetrail/observability';
import { CaseHistoryController } from './cases/case-history/case-history.http.controller';
import { CaseloadStreamController } from './live/caseload-stream.http.controller';
import { DashboardController } from './dashboard/dashboard.http.controller';
import { ReadModelChangesListener } from './live/read-model-changes.listener';
import { AlertsController } from './alerts/alerts.http.controller';
import { CaseloadsController } from './caseloads/caseloads.http.controller';
import { BookDetentionController } from './cases/book-detention/book-detention.http.controller';
import { OpenCaseController } from './cases/open-case/open-case.http.controller';
import { AcknowledgeMissedCheckInController } from './cases/acknowledge-missed-check-in/acknowledge-missed-check-in.http.controller';
import { ChangeCheckInScheduleController } from './cases/change-check-in-schedule/change-check-in-schedule.http.controller';
import { CloseCaseController } from './cases/close-case/close-case.http.controller';
import { CompleteRiskClassificationController } from './cases/complete-risk-classification/complete-risk-classification.http.controller';
import { DecideReleaseOverrideController } from './cases/decide-release-override/decide-release-override.http.controller';
import { ReassignCaseController } from './cases/reassign-case/reassign-case.http.controller';
import { RecordCheckInController } from './cases/record-check-in/record-check-in.http.controller';
import { RecordDetainerResponseController } from './cases/record-detainer-response/record-detainer-response.http.controller';
import { RecordRemovalFailureController } from './cases/record-removal-failure/record-removal-failure.http.controller';
import { RecordRemovalController } from './cases/record-removal/record-removal.http.controller';
import { ReleaseSubjectController } from './cases/release-subject/release-subject.http.controller';
import { RequestDetainerController } from './cases/request-detainer/request-detainer.http.controller';
import { RequestReleaseOverrideController } from './cases/request-release-override/request-release-override.http.controller';
import { ScheduleRemovalController } from './cases/schedule-removal/schedule-removal.http.controller';
import { EnrolSubjectController } from './cases/enrol-subject/enrol-subject.http.controller';
import { RecordCustodyDeterminationController } from './cases/record-custody-determination/record-custody-determination.http.controller';
import { DetermineAbscondingController } from './cases/determine-absconding/determine-absconding.http.controller';
import { FlagCaseController } from './cases/flag-case/flag-case.http.controller';
import { ClearCaseFlagController } from './cases/clear-case-flag/clear-case-flag.http.controller';
import { RequestTransferController } from './cases/request-transfer/request-transfer.http.controller';
import { AcceptTransferController } from './cases/accept-transfer/accept-transfer.http.controller';
import { DeclineTransferController } from './cases/decline-transfer/decline-transfer.http.controller';
import { WithdrawTransferController } from './cases/withdraw-transfer/withdraw-transfer.http.controller';
import { TransfersController } from './transfers/transfers.http.controller';
import { ExcuseMissedCheckInController } from './cases/excuse-missed-check-in/excuse-missed-check-in.http.controller';
import { ReopenMissedCheckInExcusalController } from './cases/reopen-missed-check-in-excusal/reopen-missed-check-in-excusal.http.controller';
import { ConfirmMissedCheckInController } from './cases/confirm-missed-check-in/confirm-missed-check-in.http.controller';
import { ExecuteCaseCommandHandler } from './cases/shared/execute-case-command';
import { OfficerDocketController } from './officer-docket/officer-docket.http.controller';
import { OversightController } from './oversight/oversight.http.controller';
import { ProblemDetailsFilter } from './problem-details/problem-details.filter';
import { RosterController } from './roster/roster.http.controller';
import { PoliciesController } from './policies/policies.http.controller';
import { SealPersonalDataController } from './cases/seal-personal-data/seal-personal-data.http.controller';
import { RosterRepository } from './roster/roster.repository';
import { OfficerAbsencesController } from './officer-absences/officer-absences.http.controller';
import { StaffingController } from './staffing/staffing.http.controller';
import { RebalancingController } from './rebalancing/rebalancing.http.controller';
import { ExecuteCaseCommandsHandler } from './cases/shared/execute-case-commands';
import { OfficerAbsencesRepository } from './officer-absences/officer-absences.repository';

const httpControllers = [
  PoliciesController,
  OfficerAbsencesController,
  CaseloadStreamController,
  DashboardController,
  CaseHistoryController,
  OpenCaseController,
  BookDetentionController,
  CompleteRiskClassificationController,
  RequestReleaseOverrideController,
  DecideReleaseOverrideController,
  ReleaseSubjectController,
  EnrolSubjectController,
  RecordCustodyDeterminationController,
  DetermineAbscondingController,
  FlagCaseController,
  ClearCaseFlagController,
  ChangeCheckInScheduleController,
  RecordCheckInController,
  AcknowledgeMissedCheckInController,
  ExcuseMissedCheckInController,
  ReopenMissedCheckInExcusalController,
  ConfirmMissedCheckInController,
  ReassignCaseController,
  RequestDetainerController,
  RecordDetainerResponseController,
  ScheduleRemovalController,
  RecordRemovalFailureController,
  RecordRemovalController,
  CloseCaseController,
  RequestTransferController,
  AcceptTransferController,
  DeclineTransferController,
  WithdrawTransferController,
  CaseloadsController,
  OfficerDocketController,
  AlertsController,
  TransfersController,
  OversightController,
  RosterController,
  AuditController,
  SealPersonalDataController,
  StaffingController,
  RebalancingController,
];
const commandHandlers = [ExecuteCaseCommandHandler, ExecuteCaseCommandsHandler];

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    MessagingModule,
    CqrsModule.forRoot(),
    CaseCommandsModule,
    ObservabilityModule.forRoot({ app: 'api', dependencies: ['postgres', 'kafka'] }),
  ],
  controllers: httpControllers,
  providers: [
    ...commandHandlers,
    ReadModelChangesListener,
    RosterRepository,
    OfficerAbsencesRepository,
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    {
      provide: AccessTokenVerifier,
      useFactory: (config: AppConfig) => new AccessTokenVerifier(authSettingsOf(config)),
      inject: [AppConfig],
    },
    // Request-wide middleware, applied in order by configureApi before the body parser.
    AuditMiddleware,
    RateLimitMiddleware,
    // Counted locally, shared through Postgres between the api instances (see the class).
    SharedThrottlerStorage,
    { provide: ThrottlerStorage, useExisting: SharedThrottlerStorage },
    // In this order: the case a route names is known to the audit even when access is denied.
    { provide: APP_GUARD, useClass: AuditedCaseGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
    {
      provide: PostgresAuditTrail,
      useFactory: (db: DataSource) => new PostgresAuditTrail(db),
      inject: [getDataSourceToken()],
    },
  ],
})
export class ApiModule {}
