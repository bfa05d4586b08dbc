import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError, keyId, parseEncryptionKey, TokenCipher } from '../../../src/security/token-cipher.js';

const key = randomBytes(32);
const token = 'xoxb-1234-5678-abcdefABCDEF';

describe('parseEncryptionKey', () => {
  it('reads 64 hex characters and 32 bytes of base64 (standard and URL-safe)', () => {
    expect(parseEncryptionKey(key.toString('hex'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64url'))).toEqual(key);
    expect(parseEncryptionKey(` ${key.toString('hex').toUpperCase()} `)).toEqual(key);
  });

  it('refuses keys of the wrong length or alphabet', () => {
    expect(parseEncryptionKey(randomBytes(16).toString('hex'))).toBeNull();
    expect(parseEncryptionKey(randomBytes(31).toString('base64'))).toBeNull();
    expect(parseEncryptionKey('correct horse battery staple')).toBeNull();
    expect(parseEncryptionKey('')).toBeNull();
  });
});

describe('TokenCipher (AES-256-GCM)', () => {
  it('round-trips, and the sealed value contains neither the token nor the key', () => {
    const cipher = new TokenCipher(key);
    const sealed = cipher.encrypt(token, 'team:T1');
    expect(cipher.decrypt(sealed, 'team:T1')).toBe(token);
    expect(sealed).not.toContain(token);
    expect(sealed).not.toContain('xoxb');
    expect(sealed).not.toContain(key.toString('hex'));
    expect(sealed.startsWith(`enc1:${keyId(key)}:`)).toBe(true);
  });

  it('uses a fresh 12-byte IV for every value', () => {
    const cipher = new TokenCipher(key);
    const ivs = new Set(Array.from({ length: 50 }, () => cipher.encrypt(token, 'c').split(':')[2]));
    expect(ivs.size).toBe(50);
    expect(Buffer.from([...ivs][0] as string, 'base64url')).toHaveLength(12);
  });

  it('detects tampering with the ciphertext, the tag or the IV', () => {
    const cipher = new TokenCipher(key);
    const parts = cipher.encrypt(token, 'c').split(':');
    for (const index of [2, 3, 4]) {
      const altered = [...parts];
      const bytes = Buffer.from(altered[index] as string, 'base64url');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      altered[index] = bytes.toString('base64url');
      expect(() => cipher.decrypt(altered.join(':'), 'c')).toThrow(DecryptionError);
    }
  });

  it('binds the value to its workspace: it does not open under another context', () => {
    const cipher = new TokenCipher(key);
    const sealed = cipher.encrypt(token, 'installation:/T_ONE');
    expect(() => cipher.decrypt(sealed, 'installation:/T_TWO')).toThrow(DecryptionError);
  });

  it('rotates: values sealed with a previous key still open, and are reported stale', () => {
    const oldKey = randomBytes(32);
    const sealedWithOld = new TokenCipher(oldKey).encrypt(token, 'c');
    const rotated = new TokenCipher(key, [oldKey]);
    expect(rotated.decrypt(sealedWithOld, 'c')).toBe(token);
    expect(rotated.isStale(sealedWithOld)).toBe(true);
    expect(rotated.isStale(rotated.encrypt(token, 'c'))).toBe(false);
  });

  it('names the missing key when a value was sealed with a key that is not configured', () => {
    const sealed = new TokenCipher(randomBytes(32)).encrypt(token, 'c');
    expect(() => new TokenCipher(key).decrypt(sealed, 'c')).toThrow(/not configured/);
  });

  it('refuses a plaintext value where a sealed one is expected', () => {
    expect(() => new TokenCipher(key).decrypt(token, 'c')).toThrow(/expected encrypted format/);
  });
});
