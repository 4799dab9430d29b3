import {
  applyDecorators,
  Injectable,
  SetMetadata,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import type { CommandResult } from '@casetrail/case-commands';
import type { CaseCommand } from '@casetrail/domain';
import { markAuditedWithCommand, markCaseCommand } from '@api/audit/audit-outcome';

/** What a case write answers: the result without `replayed`, which is a header. */
export type CaseWriteResponse = Omit<CommandResult, 'replayed'>;

interface CaseWriteRoute {
  command: CaseCommand['type'];
  /** The route opens the case: answer with its Location. */
  opensCase: boolean;
}

const CASE_WRITE = Symbol('case-write');

/** The case write a route makes, if it makes one. */
export function caseWriteRouteOf(handler: object): CaseWriteRoute | undefined {
  return Reflect.getMetadata(CASE_WRITE, handler) as CaseWriteRoute | undefined;
}

/**
 * A route that sends `command` to a case. Its audit record names the command (refused or not);
 * accepted, the command writes that record with its events (see CommandMetadata). Its answer carries the case's new version as the ETag and `Idempotent-Replayed: true` for a
 * replay: the controller returns the handler's result and knows nothing of the response.
 */
export function CaseWrite(command: CaseCommand['type'], { opensCase = false } = {}): MethodDecorator {
  return applyDecorators(
    SetMetadata(CASE_WRITE, { command, opensCase } satisfies CaseWriteRoute),
    UseInterceptors(CaseWriteInterceptor),
  );
}

@Injectable()
export class CaseWriteInterceptor implements NestInterceptor<CommandResult, CaseWriteResponse> {
  intercept(context: ExecutionContext, next: CallHandler<CommandResult>): Observable<CaseWriteResponse> {
    const route = caseWriteRouteOf(context.getHandler());
    if (!route) throw new Error('CaseWriteInterceptor on a route without @CaseWrite');
    const response = context.switchToHttp().getResponse<Response>();
    markCaseCommand(response, route.command);
    return next.handle().pipe(
      map(({ replayed, ...written }) => {
        response.setHeader('ETag', `"${written.version}"`);
        if (replayed) response.setHeader('Idempotent-Replayed', 'true');
        // A replay appended nothing, and so wrote no record: the middleware writes it.
        else markAuditedWithCommand(response);
        // A replayed request answers with the case it created the first time.
        if (route.opensCase) response.location(`/cases/${written.caseId}`);
        return written;
      }),
    );
  }
}
