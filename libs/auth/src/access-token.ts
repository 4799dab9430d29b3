import {
  createRemoteJWKSet,
  errors,
  importSPKI,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
  type KeyObject,
} from 'jose';
import type { Role } from '@casetrail/domain';
import { isOfficeId, isRole, isUserId, type Caller } from './caller';
import { VerifiedTokens } from './verified-tokens';

/** How access tokens are checked; built from AppConfig by `authSettingsOf`. */
export interface AuthSettings {
  issuer: string;
  audience: string;
  /** The only algorithms accepted; `none` never is. */
  algorithms: string[];
  /** Exactly one key source. */
  hs256Secret?: string;
  publicKeyPem?: string;
  jwksUrl?: string;
  /** Seconds of clock skew tolerated on exp / nbf. */
  clockToleranceSeconds: number;
}

export class InvalidAccessToken extends Error {
  constructor(readonly reason: string) {
    super(`invalid access token: ${reason}`);
    this.name = 'InvalidAccessToken';
  }
}

type VerificationKey = Uint8Array | KeyObject | JWTVerifyGetKey;

/**
 * Verifies bearer tokens: signature by the configured key, allowed algorithm, issuer, audience, expiry.
 * A verified token is remembered (see VerifiedTokens): the same token on the next request is not
 * checked again until it expires or a minute has passed.
 */
export class AccessTokenVerifier {
  private key?: Promise<VerificationKey>;
  private readonly verified = new VerifiedTokens();

  constructor(private readonly settings: AuthSettings) {}

  async verify(token: string): Promise<Caller> {
    const remembered = this.verified.callerOf(token, Date.now());
    if (remembered) return remembered;
    let payload: JWTPayload;
    try {
      const key = await (this.key ??= this.loadKey());
      ({ payload } = await jwtVerify(token, key as Uint8Array, {
        algorithms: this.settings.algorithms,
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTolerance: this.settings.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw new InvalidAccessToken(describe(error));
    }
    const caller = callerFrom(payload);
    // `exp` is a required claim, so jwtVerify has checked it is a number.
    this.verified.remember(token, caller, payload.exp as number, Date.now());
    return caller;
  }

  private async loadKey(): Promise<VerificationKey> {
    const { hs256Secret, publicKeyPem, jwksUrl, algorithms } = this.settings;
    if (jwksUrl) return createRemoteJWKSet(new URL(jwksUrl));
    if (publicKeyPem) return importSPKI(publicKeyPem, algorithms[0]);
    if (hs256Secret) return new TextEncoder().encode(hs256Secret);
    throw new Error('no access-token key configured');
  }
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} ${error.reason}`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof errors.JOSEError) return error.code;
  return 'malformed';
}

function callerFrom(payload: JWTPayload): Caller {
  const { sub, role, offices } = payload as JWTPayload & { role?: unknown; offices?: unknown };
  if (!isUserId(sub)) throw new InvalidAccessToken('claim sub invalid');
  if (!isRole(role)) throw new InvalidAccessToken('claim role invalid');
  if (!Array.isArray(offices) || offices.length > 100 || !offices.every(isOfficeId)) {
    throw new InvalidAccessToken('claim offices invalid');
  }
  return { userId: sub, role, offices };
}

export interface TokenClaims {
  sub: string;
  role: Role;
  offices: readonly string[];
}

/**
 * Signs an HS256 token with the development secret. Production tokens come from the agency's
 * identity provider; this is for development, demos and tests.
 */
export async function signDevelopmentToken(
  settings: Pick<AuthSettings, 'issuer' | 'audience' | 'hs256Secret'>,
  claims: TokenClaims,
  options: { expiresIn?: string | number; issuedAt?: number } = {},
): Promise<string> {
  if (!settings.hs256Secret) throw new Error('AUTH_HS256_SECRET is not configured');
  const jwt = new SignJWT({ role: claims.role, offices: [...claims.offices] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(options.issuedAt)
    .setExpirationTime(options.expiresIn ?? '8h');
  return jwt.sign(new TextEncoder().encode(settings.hs256Secret));
}
