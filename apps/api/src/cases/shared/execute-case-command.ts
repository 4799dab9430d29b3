import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseRepository, type CommandRequest, type CommandResult } from '@casetrail/case-commands';
import type { CaseCommand } from '@casetrail/domain';

/**
 * Every officer command travels the bus in this envelope; the domain command says what it is. One
 * generic handler, because every use case is the same load → decide → append and differs only in
 * the domain command its controller builds.
 */
export class ExecuteCaseCommand extends Command<CommandResult> {
  constructor(
    readonly caseId: string,
    readonly command: CaseCommand,
    readonly request: CommandRequest,
  ) {
    super();
  }
}

@CommandHandler(ExecuteCaseCommand)
export class ExecuteCaseCommandHandler implements ICommandHandler<ExecuteCaseCommand, CommandResult> {
  constructor(private readonly cases: CaseRepository) {}

  execute({ caseId, command, request }: ExecuteCaseCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, command, request);
  }
}
