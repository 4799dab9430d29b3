/*
 * The api as the dashboard calls it: every request carries the signed-in user's bearer token, kept
 * in sessionStorage (this tab only, gone when it closes) and never put in a URL.
 */

const TOKEN_KEY = 'casetrail.dashboard.token';

/** The api refused the token (missing, invalid or expired): the user must sign in again. */
export class SessionEnded extends Error {
  constructor() {
    super('session ended');
    this.name = 'SessionEnded';
  }
}

/** The token is valid but its role may not read this. */
export class NotAllowed extends Error {
  constructor(path) {
    super(`not allowed: ${path}`);
    this.name = 'NotAllowed';
  }
}

export const session = {
  token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  start(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  end() {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

/** A compact JWS: three base64url parts. Anything else is a paste error, not worth a request. */
export function looksLikeToken(text) {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text);
}

/**
 * The token's claims, read only to label the page (who, role, offices). They are not trusted:
 * the api verifies the token on every request and decides what it answers.
 */
export function claimsOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(
      Uint8Array.from(atob(part.padEnd(Math.ceil(part.length / 4) * 4, '=')), (c) => c.charCodeAt(0)),
    );
    const claims = JSON.parse(json);
    return {
      sub: typeof claims.sub === 'string' ? claims.sub : '',
      role: typeof claims.role === 'string' ? claims.role : '',
      offices: Array.isArray(claims.offices) ? claims.offices.filter((o) => typeof o === 'string') : [],
      expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : undefined,
    };
  } catch {
    return undefined;
  }
}

export function authorization() {
  return { Authorization: `Bearer ${session.token() ?? ''}` };
}

export async function getJson(path, params = {}) {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(params))
    if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
  const response = await fetch(url, {
    headers: { ...authorization(), Accept: 'application/json' },
    cache: 'no-store',
  });
  if (response.status === 401) throw new SessionEnded();
  if (response.status === 403) throw new NotAllowed(path);
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response.json();
}

/** Every item of a paged list (`limit`/`offset`), up to `maxItems`. */
export async function getAllItems(path, params = {}, { pageSize = 500, maxItems = 10_000 } = {}) {
  const items = [];
  for (let offset = 0; offset < maxItems; offset += pageSize) {
    const page = await getJson(path, { ...params, limit: pageSize, offset });
    items.push(...page.items);
    if (page.items.length < pageSize) break;
  }
  return items;
}
