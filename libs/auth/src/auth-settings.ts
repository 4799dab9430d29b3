import type { AppConfig } from '@casetrail/config';
import type { AuthSettings } from './access-token';

/** The access-token settings of this deployment, from its validated configuration. */
export function authSettingsOf(config: AppConfig): AuthSettings {
  const keySource = config.AUTH_JWKS_URL
    ? { jwksUrl: config.AUTH_JWKS_URL }
    : config.AUTH_PUBLIC_KEY_PEM
      ? { publicKeyPem: config.AUTH_PUBLIC_KEY_PEM.replace(/\\n/g, '\n') }
      : { hs256Secret: config.AUTH_HS256_SECRET };
  return {
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    algorithms: config.authAlgorithms,
    clockToleranceSeconds: 30,
    ...keySource,
  };
}
