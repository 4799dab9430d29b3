import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';
import type { SubjectIdentity } from '@casetrail/domain';

/** The subject's fields that are personal data; the rest (country of citizenship) stays readable. */
export const PERSONAL_FIELDS = ['givenName', 'familyName', 'aNumber', 'dateOfBirth'] as const;
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

/** What a personal field reads as once its subject's key is destroyed. */
export const SEALED = '[sealed]';

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const KEY_BYTES = 32;

/**
 * Random bytes drawn from a buffer refilled from the system's random source when used up, each
 * byte handed out once: one call per pool instead of one per key or IV (a seed makes millions).
 */
class RandomPool {
  private readonly pool: Buffer;
  private taken: number;

  constructor(size: number) {
    this.pool = Buffer.alloc(size);
    this.taken = size;
  }

  /** A view into the pool, valid until it is refilled. */
  take(length: number): Buffer {
    if (this.taken + length > this.pool.length) {
      randomFillSync(this.pool);
      this.taken = 0;
    }
    this.taken += length;
    return this.pool.subarray(this.taken - length, this.taken);
  }
}

const keyPool = new RandomPool(KEY_BYTES * 256);
const ivPool = new RandomPool(IV_BYTES * 1024);

/**
 * A fresh AES-256 key for one subject: a copy, its bytes in the pool zeroed at once, so the pool
 * never holds a key in use.
 */
export function newSubjectKey(): Buffer {
  const drawn = keyPool.take(KEY_BYTES);
  const key = Buffer.from(drawn);
  drawn.fill(0);
  return key;
}

export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/**
 * AES-256-GCM with the context as associated data, so a ciphertext moved to another case or field
 * does not decrypt there.
 */
export function encrypt(key: Buffer, context: string, plaintext: Buffer): Buffer {
  // A view into the IV pool: used at once and copied into the output.
  const iv = ivPool.take(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function decrypt(key: Buffer, context: string, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES)).setAAD(
    Buffer.from(context, 'utf8'),
  );
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

/** The subject with its personal fields encrypted under the subject's key. */
export function encryptSubject(key: Buffer, caseId: string, subject: SubjectIdentity): SubjectIdentity {
  const encrypted = { ...subject };
  for (const field of PERSONAL_FIELDS) {
    encrypted[field] =
      PREFIX + encrypt(key, `${caseId}/${field}`, Buffer.from(subject[field], 'utf8')).toString('base64url');
  }
  return encrypted;
}

/** The subject readable again; with no key (destroyed) its personal fields read SEALED. */
export function decryptSubject(
  key: Buffer | undefined,
  caseId: string,
  subject: SubjectIdentity,
): SubjectIdentity {
  const readable = { ...subject };
  for (const field of PERSONAL_FIELDS) {
    const value = subject[field];
    if (!isEncrypted(value)) continue;
    readable[field] = key
      ? decrypt(key, `${caseId}/${field}`, Buffer.from(value.slice(PREFIX.length), 'base64url')).toString(
          'utf8',
        )
      : SEALED;
  }
  return readable;
}

/** A subject key as stored: encrypted under the deployment's master key, bound to its case. */
export function wrapSubjectKey(masterKey: Buffer, caseId: string, subjectKey: Buffer): Buffer {
  return encrypt(masterKey, `subject-key/${caseId}`, subjectKey);
}

export function unwrapSubjectKey(masterKey: Buffer, caseId: string, wrapped: Buffer): Buffer {
  return decrypt(masterKey, `subject-key/${caseId}`, wrapped);
}
