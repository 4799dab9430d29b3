import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { ThrottlerException, ThrottlerStorage } from '@nestjs/throttler';
import type { NextFunction, Request, Response } from 'express';
import { AccessTokenVerifier, InvalidAccessToken, type Caller } from '@casetrail/auth';
import { AppConfig } from '@casetrail/config';
import { rememberCaller } from './access.decorators';
import { bearerTokenOf } from './access.guard';

const WINDOW_MS = 60_000;
const THROTTLER_NAME = 'per-caller';

/**
 * RATE_LIMIT_PER_MINUTE requests per caller, whatever the route: the verified token's user, or
 * the client address when there is no valid token. It runs before the body is parsed and before
 * any route is matched, so unparsable bodies and unknown paths count too. A client over the
 * limit is refused until its window ends (`Retry-After`, in seconds).
 */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    private readonly verifier: AccessTokenVerifier,
    private readonly config: AppConfig,
  ) {}

  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    try {
      const caller = await this.verifiedCaller(request);
      // The audit names who was turned away; the access guard takes the caller from here too.
      if (caller) rememberCaller(request, caller);
      const key = caller ? `user:${caller.userId}` : `address:${request.ip ?? request.socket.remoteAddress}`;
      const limit = this.config.RATE_LIMIT_PER_MINUTE;
      const { isBlocked, timeToBlockExpire } = await this.storage.increment(
        key,
        WINDOW_MS,
        limit,
        WINDOW_MS,
        THROTTLER_NAME,
      );
      if (!isBlocked) return next();
      response.setHeader('Retry-After', String(Math.max(1, timeToBlockExpire)));
      next(new ThrottlerException());
    } catch (error) {
      next(error);
    }
  }

  private async verifiedCaller(request: Request): Promise<Caller | undefined> {
    const token = bearerTokenOf(request.header('authorization'));
    if (!token) return undefined;
    try {
      return await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidAccessToken) return undefined;
      throw error;
    }
  }
}
