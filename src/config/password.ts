// `*_password_secret_key`: the password in sync.properties is SELECT TO_BASE64(AES_ENCRYPT('<pwd>', '<key>')),
// i.e. MySQL's default aes-128-ecb with the key XOR-folded into 16 bytes (libraries.md §10; byte-identical to MySQL).
import { createCipheriv, createDecipheriv } from 'node:crypto';

function mysqlAesKey(key: string): Buffer {
  const k = Buffer.from(key, 'utf8');
  const out = Buffer.alloc(16);
  for (let i = 0; i < k.length; i++) out[i % 16]! ^= k[i]!;
  return out;
}

/** What `SELECT TO_BASE64(AES_ENCRYPT(password, key))` returns (without MySQL's 76-column line breaks). */
export function encryptPassword(password: string, key: string): string {
  const c = createCipheriv('aes-128-ecb', mysqlAesKey(key), null);
  return Buffer.concat([c.update(password, 'utf8'), c.final()]).toString('base64');
}

/** The key does not decrypt the text. Carries no part of the text or the key. */
export class WrongKeyError extends Error {
  override readonly name = 'WrongKeyError';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Inverse of encryptPassword. Whitespace and line breaks in the base64 text are ignored (TO_BASE64 wraps at 76
 * columns). Throws WrongKeyError when the text is not base64 of whole AES blocks, the padding is bad, or the
 * result is not printable UTF-8 (a wrong key sometimes yields valid padding and garbage).
 */
export function decryptPassword(encrypted: string, key: string): string {
  const b64 = encrypted.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) throw new WrongKeyError('not base64');
  const data = Buffer.from(b64, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new WrongKeyError('not a whole number of AES blocks');
  let plain: Buffer;
  try {
    const d = createDecipheriv('aes-128-ecb', mysqlAesKey(key), null);
    plain = Buffer.concat([d.update(data), d.final()]);
  } catch {
    throw new WrongKeyError('bad decrypt');
  }
  let text: string;
  try {
    text = utf8.decode(plain);
  } catch {
    throw new WrongKeyError('not UTF-8');
  }
  // Control characters (C0, DEL, C1) never occur in a password someone typed into a config file.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(text)) throw new WrongKeyError('not printable');
  return text;
}
