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
const keyPool = Buffer.alloc(KEY_BYTES * 256);
let keysTaken = keyPool.length;

/**
 * A fresh AES-256 key for one subject, from a pool of random bytes as the IVs are (a seed makes
 * millions of keys): the key is a copy and its bytes in the pool are zeroed, so the pool never
 * holds a key in use.
 */
export function newSubjectKey(): Buffer {
  if (keysTaken === keyPool.length) {
    randomFillSync(keyPool);
    keysTaken = 0;
  }
  const key = Buffer.from(keyPool.subarray(keysTaken, keysTaken + KEY_BYTES));
  keyPool.fill(0, keysTaken, keysTaken + KEY_BYTES);
  keysTaken += KEY_BYTES;
  return key;
}

export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/**
 * Random IVs drawn from a pool of random bytes, each byte used once: one call to the system's
 * random source per 1,024 IVs instead of one per field (a seed encrypts millions of fields).
 */
const ivPool = Buffer.alloc(IV_BYTES * 1024);
let ivTaken = ivPool.length;

/** A view into the pool, valid until it is refilled: `encrypt` uses it at once and copies it into its output. */
function nextIv(): Buffer {
  if (ivTaken === ivPool.length) {
    randomFillSync(ivPool);
    ivTaken = 0;
  }
  ivTaken += IV_BYTES;
  return ivPool.subarray(ivTaken - IV_BYTES, ivTaken);
}

/**
 * AES-256-GCM with the context as associated data, so a ciphertext moved to another case or field
 * does not decrypt there.
 */
export function encrypt(key: Buffer, context: string, plaintext: Buffer): Buffer {
  const iv = nextIv();
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
