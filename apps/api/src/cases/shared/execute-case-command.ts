import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseRepository, type CommandRequest, type CommandResult } from '@casetrail/cases';
import type { CaseCommand } from '@casetrail/domain';

/** Every officer command travels the bus in this envelope; the domain command says what it is. */
export class ExecuteCaseCommand {
  constructor(
    readonly caseId: string,
    readonly command: CaseCommand,
    readonly request: CommandRequest,
  ) {}
}

@CommandHandler(ExecuteCaseCommand)
export class ExecuteCaseCommandHandler implements ICommandHandler<ExecuteCaseCommand, CommandResult> {
  constructor(private readonly cases: CaseRepository) {}

  execute({ caseId, command, request }: ExecuteCaseCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, command, request);
  }
}
