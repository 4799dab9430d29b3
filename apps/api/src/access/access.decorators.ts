import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Caller } from '@casetrail/auth';

const CALLER = Symbol('caller');

export function rememberCaller(request: Request, caller: Caller): void {
  (request as unknown as Record<symbol, Caller>)[CALLER] = caller;
}

/** The verified caller, or undefined before (or without) authentication. */
export function callerOf(request: Request): Caller | undefined {
  return (request as unknown as Record<symbol, Caller | undefined>)[CALLER];
}

/** The verified caller of a route behind the access guard. */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = callerOf(context.switchToHttp().getRequest<Request>());
  if (!caller) throw new Error('CurrentCaller used on a route the access guard did not check');
  return caller;
});
