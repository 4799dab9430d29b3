import { generateKeyPair, exportSPKI, SignJWT, UnsecuredJWT } from 'jose';
import {
  AccessTokenVerifier,
  InvalidAccessToken,
  signDevelopmentToken,
  type AuthSettings,
} from './access-token';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const settings: AuthSettings = {
  issuer: 'casetrail',
  audience: 'casetrail-api',
  algorithms: ['HS256'],
  hs256Secret: SECRET,
  clockToleranceSeconds: 0,
};
const claims = { sub: 'officer-7', role: 'OFFICER', offices: ['WAS'] } as const;
const key = new TextEncoder().encode(SECRET);

const signed = (payload: Record<string, unknown>, build: (jwt: SignJWT) => SignJWT = (jwt) => jwt) =>
  build(
    new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('casetrail')
      .setAudience('casetrail-api')
      .setExpirationTime('1h'),
  ).sign(key);

async function reasonRefused(token: string, with_: AuthSettings = settings): Promise<string> {
  try {
    await new AccessTokenVerifier(with_).verify(token);
  } catch (error) {
    if (error instanceof InvalidAccessToken) return error.reason;
    throw error;
  }
  throw new Error('the token was accepted');
}

describe('AccessTokenVerifier', () => {
  it('answers the caller of a valid development token', async () => {
    const token = await signDevelopmentToken(settings, claims);
    await expect(new AccessTokenVerifier(settings).verify(token)).resolves.toEqual({
      userId: 'officer-7',
      role: 'OFFICER',
      offices: ['WAS'],
    });
  });

  it.each([
    ['expired', (jwt: SignJWT) => jwt.setExpirationTime(Math.floor(Date.now() / 1000) - 60), 'expired'],
    ['another issuer', (jwt: SignJWT) => jwt.setIssuer('someone-else'), 'claim iss check_failed'],
    ['another audience', (jwt: SignJWT) => jwt.setAudience('another-api'), 'claim aud check_failed'],
    ['not yet valid', (jwt: SignJWT) => jwt.setNotBefore('1h'), 'claim nbf check_failed'],
  ])('refuses a token with %s', async (_, build, reason) => {
    const token = await signed({ sub: 'officer-7', role: 'OFFICER', offices: ['WAS'] }, build);
    expect(await reasonRefused(token)).toBe(reason);
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const token = new UnsecuredJWT({ sub: 'officer-7', role: 'ADMIN', offices: [] })
      .setIssuer('casetrail')
      .setAudience('casetrail-api')
      .setExpirationTime('1h')
      .encode();
    expect(await reasonRefused(token)).toBe('algorithm not allowed');
  });

  it('refuses a token signed with another secret', async () => {
    const token = await signDevelopmentToken({ ...settings, hs256Secret: `${SECRET}-other` }, claims);
    expect(await reasonRefused(token)).toBe('signature');
  });

  it.each([
    ['no role', { sub: 'u1', offices: [] }, 'claim role invalid'],
    ['an unknown role', { sub: 'u1', role: 'ROOT', offices: [] }, 'claim role invalid'],
    ['offices not a list', { sub: 'u1', role: 'OFFICER', offices: 'WAS' }, 'claim offices invalid'],
    ['a malformed office', { sub: 'u1', role: 'OFFICER', offices: ['was; drop'] }, 'claim offices invalid'],
    ['a malformed subject', { sub: 'a b', role: 'OFFICER', offices: [] }, 'claim sub invalid'],
  ])('refuses a token with %s', async (_, payload, reason) => {
    const token = await signed(payload, (jwt) => (payload.sub ? jwt.setSubject(payload.sub) : jwt));
    expect(await reasonRefused(token)).toBe(reason);
  });

  it('refuses a token it verified before once the token has expired', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const verifier = new AccessTokenVerifier(settings);
      const token = await signDevelopmentToken(settings, claims, { expiresIn: '30s' });
      await expect(verifier.verify(token)).resolves.toMatchObject({ userId: 'officer-7' });
      await expect(verifier.verify(token)).resolves.toMatchObject({ userId: 'officer-7' });

      jest.setSystemTime(Date.now() + 31_000);
      await expect(verifier.verify(token)).rejects.toThrow(new InvalidAccessToken('expired'));
    } finally {
      jest.useRealTimers();
    }
  });

  it('still refuses a tampered copy of a token it verified', async () => {
    const verifier = new AccessTokenVerifier(settings);
    const token = await signDevelopmentToken(settings, claims);
    await verifier.verify(token);
    const [header, , signature] = token.split('.');
    const elevated = Buffer.from(JSON.stringify({ ...claims, role: 'ADMIN', exp: 4_000_000_000 })).toString(
      'base64url',
    );

    await expect(verifier.verify(`${header}.${elevated}.${signature}`)).rejects.toThrow(InvalidAccessToken);
  });

  it('verifies RS256 tokens with a configured public key and refuses HS256 ones there', async () => {
    const pair = await generateKeyPair('RS256');
    const rsaSettings: AuthSettings = {
      ...settings,
      algorithms: ['RS256'],
      hs256Secret: undefined,
      publicKeyPem: await exportSPKI(pair.publicKey),
    };
    const token = await new SignJWT({ role: 'SUPERVISOR', offices: ['ATL'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('supervisor-1')
      .setIssuer('casetrail')
      .setAudience('casetrail-api')
      .setExpirationTime('1h')
      .sign(pair.privateKey);
    await expect(new AccessTokenVerifier(rsaSettings).verify(token)).resolves.toMatchObject({
      role: 'SUPERVISOR',
    });
    expect(await reasonRefused(await signDevelopmentToken(settings, claims), rsaSettings)).toBe(
      'algorithm not allowed',
    );
  });
});
