import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import {
  AccessTokenVerifier,
  ALLOWED_ROLES,
  InvalidAccessToken,
  PUBLIC_ROUTE,
  type Caller,
} from '@casetrail/auth';
import type { Role } from '@casetrail/domain';
import { callerOf, rememberCaller } from './access.decorators';
import { RoleNotAllowed, Unauthenticated } from './access.errors';

const BEARER = /^Bearer ([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]*\.[A-Za-z0-9\-_=+/]*)$/;

/** The JWT of a well-formed `Authorization: Bearer` header. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}

/** Every route: a verified bearer token whose role the route allows. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<Request>();
    // The rate limit, which runs first, remembers the caller of a token it verified: once a request.
    const caller = callerOf(request) ?? (await this.verifiedCaller(request));

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets) ?? [];
    if (!allowed.includes(caller.role)) throw new RoleNotAllowed();
    return true;
  }

  private async verifiedCaller(request: Request): Promise<Caller> {
    const header = request.header('authorization');
    if (header === undefined) throw new Unauthenticated('no bearer token');
    const token = bearerTokenOf(header);
    if (!token) throw new Unauthenticated('malformed authorization header');
    try {
      const caller = await this.verifier.verify(token);
      rememberCaller(request, caller);
      return caller;
    } catch (error) {
      if (error instanceof InvalidAccessToken) throw new Unauthenticated(error.reason);
      throw error;
    }
  }
}
