import { Res } from '@nestjs/common';
import type { Response } from 'express';
import type { CommandResult } from '@casetrail/case-commands';
import type { CaseCommand } from '@casetrail/domain';
import { markAuditedWithCommand } from '@api/audit/audit-outcome';

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

type CaseWriteHandler = (...args: unknown[]) => CommandResult | Promise<CommandResult>;

/**
 * A route that sends `command` to a case. Its audit record names the command, whether it was
 * refused or not (see AuditedCaseGuard); accepted, the command writes that record with its events
 * (see CommandMetadata). Its answer carries the case's new version as the ETag and
 * `Idempotent-Replayed: true` for a replay: the controller returns the handler's result and knows
 * nothing of the response.
 *
 * The handler is wrapped here rather than intercepted: Nest runs every intercepted call through
 * rxjs and binds it to its async context twice, which cost a tenth of the api's CPU a check-in.
 * The wrapper takes the response as one more parameter (`@Res({ passthrough: true })`, after the
 * handler's own) and keeps the metadata decorators gave the handler (route, status, guards).
 */
export function CaseWrite(command: CaseCommand['type'], { opensCase = false } = {}): MethodDecorator {
  const route: CaseWriteRoute = { command, opensCase };
  return (target, key, descriptor) => {
    const handler = descriptor.value as unknown as CaseWriteHandler;
    // After every declared parameter: `length` stops at the first with a default value.
    const declared = Reflect.getMetadata('design:paramtypes', target, key) as unknown[] | undefined;
    const responseAt = Math.max(declared?.length ?? 0, handler.length);
    Res({ passthrough: true })(target, key, responseAt);
    const answering = function (this: unknown, ...args: unknown[]): Promise<CaseWriteResponse> {
      const response = args[responseAt] as Response;
      // Promise.resolve: a handler that answers at once (no promise) is answered the same way.
      return Promise.resolve(handler.apply(this, args.slice(0, responseAt))).then((result) =>
        answer(response, route, result),
      );
    };
    // Swagger finds a handler's parameters by its name.
    Object.defineProperty(answering, 'name', { value: handler.name });
    for (const metadataKey of Reflect.getOwnMetadataKeys(handler) as unknown[]) {
      Reflect.defineMetadata(metadataKey, Reflect.getOwnMetadata(metadataKey, handler), answering);
    }
    Reflect.defineMetadata(CASE_WRITE, route, answering);
    descriptor.value = answering as unknown as typeof descriptor.value;
    return descriptor;
  };
}

function answer(
  response: Response,
  route: CaseWriteRoute,
  { replayed, ...written }: CommandResult,
): CaseWriteResponse {
  response.setHeader('ETag', `"${written.version}"`);
  if (replayed) response.setHeader('Idempotent-Replayed', 'true');
  // A replay appended nothing, and so wrote no record: the middleware writes it.
  else markAuditedWithCommand(response);
  // A replayed request answers with the case it created the first time.
  if (route.opensCase) response.location(`/cases/${written.caseId}`);
  return written;
}
