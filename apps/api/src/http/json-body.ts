import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';

/** Deeper than any DTO; class-transformer and the idempotency hash recurse into whatever they are given. */
export const MAX_BODY_DEPTH = 16;
const BODY_LIMIT = '64kb';

/** Thrown while parsing; body-parser passes `type` on, and rejectUnreadableBodies names the problem. */
export class BodyTooDeep extends Error {
  readonly type = 'entity.too.deep';
  constructor() {
    super(`the body is nested more than ${MAX_BODY_DEPTH} levels deep`);
  }
}

/**
 * The JSON body parser: at most BODY_LIMIT, not compressed (a compressed body is refused with 415
 * rather than inflated), and no deeper than MAX_BODY_DEPTH, checked on the raw text before
 * JSON.parse so that no deep value reaches any handler, pipe or hash.
 */
export function jsonBodyParser(): RequestHandler {
  return express.json({ limit: BODY_LIMIT, inflate: false, verify: refuseOverDeepJson });
}

function refuseOverDeepJson(_request: IncomingMessage, _response: unknown, body: Buffer): void {
  if (nestingDepthExceeds(body, MAX_BODY_DEPTH)) throw new BodyTooDeep();
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]);
const CLOSERS = new Set([0x5d, 0x7d]);

/** Whether the JSON text opens more than `limit` arrays or objects inside each other. */
export function nestingDepthExceeds(json: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < json.length; index += 1) {
    const byte = json[index];
    if (inString) {
      if (byte === BACKSLASH) index += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (OPENERS.has(byte)) {
      depth += 1;
      if (depth > limit) return true;
    } else if (CLOSERS.has(byte)) depth -= 1;
  }
  return false;
}
