import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  CaseRepository,
  type CaseCommandOutcome,
  type CaseCommandRequest,
  type CommandRequest,
} from '@casetrail/case-commands';

export type BulkCommandRequest = Pick<CommandRequest, 'actor' | 'officeScope' | 'idempotency' | 'audit'>;

/**
 * Commands to many cases in one request (a supervisor's bulk reassignment): each case decided on its
 * own, one statement for all, the answer remembered with an Idempotency-Key. The envelope carries
 * how outcomes become the answer, since a replay must return that answer and not outcomes.
 */
export class ExecuteCaseCommands<Answer> extends Command<{ response: Answer; replayed: boolean }> {
  constructor(
    readonly commands: readonly (CaseCommandRequest & { expectedVersion?: number })[],
    readonly request: BulkCommandRequest,
    readonly answer: (outcomes: CaseCommandOutcome[]) => Answer,
  ) {
    super();
  }
}

@CommandHandler(ExecuteCaseCommands)
export class ExecuteCaseCommandsHandler implements ICommandHandler<
  ExecuteCaseCommands<unknown>,
  { response: unknown; replayed: boolean }
> {
  constructor(private readonly cases: CaseRepository) {}

  execute({ commands, request, answer }: ExecuteCaseCommands<unknown>) {
    return this.cases.executeAll(commands, request, answer);
  }
}
