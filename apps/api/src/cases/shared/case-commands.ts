import { markCaseCommand } from '@api/audit/audit-outcome';
import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { CommandRequest, CommandResult } from '@casetrail/cases';
import type { CaseCommand } from '@casetrail/domain';
import { caseWritten, type CaseWriteResponse } from './case-write';
import { ExecuteCaseCommand } from './execute-case-command';

/** What every officer endpoint does once its DTO is mapped: send the command, answer with the version. */
@Injectable()
export class CaseCommands {
  constructor(private readonly commandBus: CommandBus) {}

  async send(
    caseId: string,
    command: CaseCommand,
    metadata: CommandRequest,
    response: Response,
  ): Promise<CaseWriteResponse> {
    markCaseCommand(response, command.type);
    const result = await this.commandBus.execute<ExecuteCaseCommand, CommandResult>(
      new ExecuteCaseCommand(caseId, command, metadata),
    );
    return caseWritten(response, result);
  }
}
