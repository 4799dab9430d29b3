import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { caseWriteRouteOf } from '@api/cases/shared/case-write';
import { markCaseCommand } from './audit-outcome';

const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AUDITED_CASE = Symbol('auditedCase');

/**
 * Records the case a matched route names, from its decoded `:caseId` parameter, and the case
 * command it sends (see CaseWrite), for the audit record written when the response is sent. The raw
 * URL is no guide: `%61…` and other spellings of the same id reach the same handler. Runs first of
 * the guards, so denied requests name both too, as do those whose body is then refused.
 */
@Injectable()
export class AuditedCaseGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const command = caseWriteRouteOf(context.getHandler())?.command;
    if (command) markCaseCommand(context.switchToHttp().getResponse<Response>(), command);
    const caseId = (request.params as Record<string, string | undefined> | undefined)?.caseId;
    if (caseId !== undefined && CASE_ID.test(caseId)) {
      (request as unknown as Record<symbol, string>)[AUDITED_CASE] = caseId.toLowerCase();
    }
    return true;
  }
}

/** The case the request's route named, or null (no case in the route, or no route matched). */
export function auditedCaseOf(request: Request): string | null {
  return (request as unknown as Record<symbol, string | undefined>)[AUDITED_CASE] ?? null;
}
