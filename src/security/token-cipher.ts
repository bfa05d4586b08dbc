import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'enc1';

/** A 32-byte key from 64 hex characters or base64 (standard or URL-safe); null when it is neither. */
export function parseEncryptionKey(raw: string): Buffer | null {
  const text = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return bytes.length === 32 ? bytes : null;
  }
  return null;
}

/** Names a key without revealing it, so each stored value says which key sealed it. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('adr-assistant/token-key/').update(key).digest('hex').slice(0, 12);
}

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

/**
 * Seals tokens at rest with AES-256-GCM: a random 12-byte IV per value, the auth tag stored with it, and the
 * id of the key in front (`enc1:<key id>:<iv>:<tag>:<ciphertext>`), so a new key can be introduced while
 * values sealed with an older one still open. `context` (the workspace the token belongs to) is bound in as
 * additional authenticated data: a value copied onto another workspace's row does not decrypt.
 */
export class TokenCipher {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    if (current.length !== 32) throw new Error('The token encryption key must be 32 bytes.');
    this.currentKeyId = keyId(current);
    this.keys.set(this.currentKeyId, current);
    for (const key of previous) {
      if (key.length !== 32) throw new Error('Every previous token encryption key must be 32 bytes.');
      if (!this.keys.has(keyId(key))) this.keys.set(keyId(key), key);
    }
  }

  encrypt(plaintext: string, context: string): string {
    const key = this.keys.get(this.currentKeyId) as Buffer;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, this.currentKeyId, b64(iv), b64(cipher.getAuthTag()), b64(sealed)].join(':');
  }

  decrypt(value: string, context: string): string {
    const [format, id, iv, tag, sealed, ...rest] = value.split(':');
    if (format !== FORMAT || !id || !iv || !tag || sealed === undefined || rest.length > 0) {
      throw new DecryptionError('The stored token is not in the expected encrypted format.');
    }
    const key = this.keys.get(id);
    if (!key) {
      throw new DecryptionError(
        `The stored token was sealed with key ${id}, which is not configured (TOKEN_ENCRYPTION_KEY / TOKEN_ENCRYPTION_OLD_KEYS).`,
      );
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new DecryptionError('The stored token failed its integrity check (wrong key, or the value was altered).');
    }
  }

  /** True when `value` was sealed with a key other than the current one and should be re-encrypted. */
  isStale(value: string): boolean {
    return value.split(':')[1] !== this.currentKeyId;
  }
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url');
}
