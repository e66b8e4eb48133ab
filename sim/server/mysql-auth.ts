// mysql_native_password, server side, as StarRocks checks it (MysqlPassword.checkScramble):
//   client token = SHA1(pw) XOR SHA1(scramble + SHA1(SHA1(pw)))
//   server: stage1 = token XOR SHA1(scramble + stored), accept when SHA1(stage1) == stored (= SHA1(SHA1(pw))).
import { createHash, timingSafeEqual } from 'node:crypto';
import { SimError } from '../fe/errors.js';

const sha1 = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** SHA1(SHA1(password)): what a MySQL-compatible server stores for mysql_native_password. */
export function nativePasswordHash(password: string): Buffer {
  return sha1(sha1(Buffer.from(password, 'utf8')));
}

/** The token a client sends for `password` against `scramble` (20 bytes); empty for an empty password. */
export function nativeAuthToken(password: string, scramble: Buffer): Buffer {
  if (password === '') return Buffer.alloc(0);
  const stage1 = sha1(Buffer.from(password, 'utf8'));
  const mask = sha1(scramble, sha1(stage1));
  return xor(stage1, mask);
}

/**
 * True when `token` proves knowledge of `password`. An empty password accepts only an empty token, and a
 * non-empty password never accepts an empty token.
 */
export function verifyNativePassword(password: string, scramble: Buffer, token: Buffer): boolean {
  return verifyNativeDigest(password === '' ? '' : `*${nativePasswordHash(password).toString('hex')}`, scramble, token);
}

/**
 * True when `token` proves knowledge of the password whose stored mysql_native_password digest is `digest`
 * (`*` + 40 hex digits, as `IDENTIFIED WITH mysql_native_password AS '*…'` stores it; '' = no password): the server
 * never needs the plain password.
 */
export function verifyNativeDigest(digest: string, scramble: Buffer, token: Buffer): boolean {
  if (digest === '') return token.length === 0;
  if (token.length !== 20 || !/^\*[0-9A-Fa-f]{40}$/.test(digest)) return false;
  const stored = Buffer.from(digest.slice(1), 'hex');
  const stage1 = xor(token, sha1(scramble, stored));
  return timingSafeEqual(sha1(stage1), stored);
}

/**
 * StarRocks' login failure (ErrorCode.ERR_AUTHENTICATION_FAIL, AuthenticationHandler.authenticate):
 * `Access denied for user '<user>' (using password: YES|NO)`, 1045 / 28000; YES when the client sent a token.
 */
export function accessDenied(user: string, tokenLength: number): SimError {
  return new SimError(1045, `Access denied for user '${user}' (using password: ${tokenLength === 0 ? 'NO' : 'YES'})`, '28000');
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}
