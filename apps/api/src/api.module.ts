import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { CasesModule } from '@casetrail/cases';
import { ConfigModule } from '@casetrail/config';
import { DatabaseModule } from '@casetrail/database';
import { MessagingModule } from '@casetrail/messaging';
import { CaseHistoryController } from './cases/case-history/case-history.http.controller';
import { CaseloadsController } from './caseloads/caseloads.http.controller';
import { BookDetentionController } from './cases/book-detention/book-detention.http.controller';
import { OpenCaseController } from './cases/open-case/open-case.http.controller';
import { CaseCommands } from './cases/shared/case-commands';
import { ExecuteCaseCommandHandler } from './cases/shared/execute-case-command';
import { HealthController } from './health/health.http.controller';
import { ProblemDetailsFilter } from './problem-details/problem-details.filter';
import { correlationIdMiddleware } from './request-context/correlation-id';
import { RosterController } from './roster/roster.http.controller';
import { RosterRepository } from './roster/roster.repository';

const httpControllers = [
  CaseHistoryController,
  OpenCaseController,
  BookDetentionController,
  CaseloadsController,
  RosterController,
  HealthController,
];
const commandHandlers = [ExecuteCaseCommandHandler];

@Module({
  imports: [ConfigModule, DatabaseModule, MessagingModule, CqrsModule.forRoot(), CasesModule, TerminusModule],
  controllers: httpControllers,
  providers: [
    ...commandHandlers,
    CaseCommands,
    RosterRepository,
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
export class ApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(correlationIdMiddleware).forRoutes('*path');
  }
}
