import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { decryptPassword, encryptPassword, WrongKeyError } from '../../../src/config/password.js';
import { errorOf, HOSTS, parse } from './helpers.js';

describe('MySQL AES_ENCRYPT-compatible passwords', () => {
  it("matches SELECT TO_BASE64(AES_ENCRYPT('pwd', 'key'))", () => {
    expect(encryptPassword('pwd', 'key')).toBe('3o8FZWjtnDJX870XGWZNiA==');
    expect(decryptPassword('3o8FZWjtnDJX870XGWZNiA==', 'key')).toBe('pwd');
  });

  it('round-trips empty, block-sized, long and UTF-8 passwords, and long (folded) keys', () => {
    for (const [pwd, key] of [
      ['', 'k'],
      ['0123456789abcdef', 'key'],
      ['pässwörd-密码', 'schlüssel'],
      ['x'.repeat(70), 'a-key-that-is-longer-than-sixteen-bytes-and-is-folded'],
    ] as const) {
      expect(decryptPassword(encryptPassword(pwd, key), key)).toBe(pwd);
    }
  });

  it("ignores the line breaks MySQL's TO_BASE64 inserts every 76 characters", () => {
    const b64 = encryptPassword('y'.repeat(70), 'key');
    expect(b64.length).toBeGreaterThan(76);
    const wrapped = `${b64.slice(0, 76)}\n${b64.slice(76)}`;
    expect(decryptPassword(wrapped, 'key')).toBe('y'.repeat(70));
  });

  it('a wrong key is detected, also when the padding happens to be valid', () => {
    expect(() => decryptPassword('3o8FZWjtnDJX870XGWZNiA==', 'wrong')).toThrow(WrongKeyError);
    expect(() => decryptPassword('not base64!', 'key')).toThrow(WrongKeyError);
    expect(() => decryptPassword('cHdk', 'key')).toThrow(WrongKeyError); // base64 but not whole AES blocks
    // Find (deterministically) keys whose garbage output has valid PKCS#7 padding: still rejected.
    const enc = encryptPassword('a-real-password', 'right-key');
    let validPadding = 0;
    for (let i = 0; i < 4000; i++) {
      try {
        decryptPassword(enc, `k${i}`);
        throw new Error(`k${i} decrypted`);
      } catch (e) {
        expect(e).toBeInstanceOf(WrongKeyError);
        if ((e as Error).message !== 'bad decrypt') validPadding++;
      }
    }
    expect(validPadding).toBeGreaterThan(0);
  });
});

describe('*_password_secret_key in sync.properties', () => {
  it('decrypts the password with the key', () => {
    const { config } = parse(`${HOSTS}source_cluster_password=3o8FZWjtnDJX870XGWZNiA==\nsource_cluster_password_secret_key=key\n`);
    expect(config.sourceClusterPassword).toBe('pwd');
    expect(config.targetClusterPassword).toBe('');
  });

  it('decrypts each side with its own key', () => {
    const enc = encryptPassword('t-secret', 'tkey');
    const { config } = parse(`${HOSTS}target_cluster_password=${enc}\ntarget_cluster_password_secret_key=tkey\nsource_cluster_password=plain\n`);
    expect(config.targetClusterPassword).toBe('t-secret');
    expect(config.sourceClusterPassword).toBe('plain');
  });

  it('a wrong key is a ConfigError naming the key, never the password or the key', () => {
    const e = errorOf(`${HOSTS}source_cluster_password=3o8FZWjtnDJX870XGWZNiA==\nsource_cluster_password_secret_key=kez\n`);
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.key).toBe('source_cluster_password_secret_key');
    expect(e.message).toMatch(/^conf\/sync.properties: source_cluster_password_secret_key does not decrypt source_cluster_password/);
    expect(e.message).not.toContain('3o8FZWjtnDJX870XGWZNiA==');
    expect(e.message).not.toContain('kez');
    expect(e.message).not.toContain('\n');
  });

  it('a plain-text password with a key set is refused like a wrong key', () => {
    const e = errorOf(`${HOSTS}target_cluster_password=my plain password\ntarget_cluster_password_secret_key=key\n`);
    expect(e.message).toContain('target_cluster_password_secret_key does not decrypt target_cluster_password');
    expect(e.message).not.toContain('my plain password');
  });

  it('a key with an empty password gives an empty password and a warning', () => {
    const { config, warnings } = parse(`${HOSTS}source_cluster_password_secret_key=key\n`);
    expect(config.sourceClusterPassword).toBe('');
    expect(warnings).toEqual([
      'conf/sync.properties: source_cluster_password_secret_key is set but source_cluster_password is empty; using an empty password',
    ]);
  });
});
