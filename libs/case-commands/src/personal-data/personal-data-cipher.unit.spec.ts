import type { SubjectIdentity } from '@casetrail/domain';
import {
  decrypt,
  decryptSubject,
  encrypt,
  encryptSubject,
  newSubjectKey,
  SEALED,
  unwrapSubjectKey,
  wrapSubjectKey,
} from './personal-data-cipher';

const CASE_ID = '6f1c1c8e-8f4e-4a43-9d4f-1d3a4a0b7a11';
const OTHER_CASE_ID = '0b0c1c8e-8f4e-4a43-9d4f-1d3a4a0b7a22';
const subject: SubjectIdentity = {
  givenName: 'Zelinda',
  familyName: 'Quarrington',
  aNumber: 'A987654321',
  dateOfBirth: '1984-02-29',
  countryOfCitizenship: 'GT',
};

describe('personal data encryption', () => {
  it('encrypts names, A-number and date of birth, and leaves the country readable', () => {
    const encrypted = encryptSubject(newSubjectKey(), CASE_ID, subject);
    const text = JSON.stringify(encrypted);
    for (const personal of ['Zelinda', 'Quarrington', 'A987654321', '1984-02-29']) {
      expect(text).not.toContain(personal);
    }
    expect(encrypted.countryOfCitizenship).toBe('GT');
    expect(encrypted.aNumber).toMatch(/^enc:v1:/);
  });

  it('reads the subject back with its key', () => {
    const key = newSubjectKey();
    expect(decryptSubject(key, CASE_ID, encryptSubject(key, CASE_ID, subject))).toEqual(subject);
  });

  it('never uses an IV twice, across many encryptions, and each reads back', () => {
    const key = newSubjectKey();
    // More than one pool of IVs, so a refill is crossed.
    const sealed = Array.from({ length: 3_000 }, (_, index) =>
      encrypt(key, CASE_ID, Buffer.from(`field ${index}`)),
    );
    expect(new Set(sealed.map((value) => value.subarray(0, 12).toString('hex'))).size).toBe(sealed.length);
    sealed.forEach((value, index) => expect(decrypt(key, CASE_ID, value).toString()).toBe(`field ${index}`));
  });

  it('gives every subject a key of its own, unchanged by the keys made after it', () => {
    const keys = Array.from({ length: 600 }, () => newSubjectKey());
    const copies = keys.map((key) => Buffer.from(key).toString('hex'));
    Array.from({ length: 600 }, () => newSubjectKey());
    expect(keys.map((key) => key.toString('hex'))).toEqual(copies);
    expect(new Set(copies).size).toBe(keys.length);
    for (const key of keys) expect(key).toHaveLength(32);
  });

  it('reads SEALED in every personal field once the key is gone', () => {
    const encrypted = encryptSubject(newSubjectKey(), CASE_ID, subject);
    expect(decryptSubject(undefined, CASE_ID, encrypted)).toEqual({
      givenName: SEALED,
      familyName: SEALED,
      aNumber: SEALED,
      dateOfBirth: SEALED,
      countryOfCitizenship: 'GT',
    });
  });

  it('does not decrypt with another subject’s key', () => {
    const encrypted = encryptSubject(newSubjectKey(), CASE_ID, subject);
    expect(() => decryptSubject(newSubjectKey(), CASE_ID, encrypted)).toThrow();
  });

  it('does not decrypt a field copied into another case or another field', () => {
    const key = newSubjectKey();
    const encrypted = encryptSubject(key, CASE_ID, subject);
    expect(() => decryptSubject(key, OTHER_CASE_ID, encrypted)).toThrow();
    expect(() => decryptSubject(key, CASE_ID, { ...encrypted, givenName: encrypted.familyName })).toThrow();
  });

  it('leaves plaintext written before encryption existed as it is', () => {
    expect(decryptSubject(newSubjectKey(), CASE_ID, subject)).toEqual(subject);
  });

  it('wraps a subject key under the master key, bound to its case', () => {
    const master = newSubjectKey();
    const key = newSubjectKey();
    const wrapped = wrapSubjectKey(master, CASE_ID, key);
    expect(unwrapSubjectKey(master, CASE_ID, wrapped).equals(key)).toBe(true);
    expect(() => unwrapSubjectKey(master, OTHER_CASE_ID, wrapped)).toThrow();
    expect(() => unwrapSubjectKey(newSubjectKey(), CASE_ID, wrapped)).toThrow();
  });
});
