import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accessDenied, nativeAuthToken, verifyNativePassword } from '../../../sim/server/mysql-auth.js';
import { columnDefinitionPayload, errPayload, lenencInt, okPayload, textRowPayload } from '../../../sim/server/mysql-packets.js';

describe('mysql_native_password', () => {
  const scramble = Buffer.from('0123456789abcdefghij');
  it('accepts the right token only', () => {
    const token = nativeAuthToken('pw', scramble);
    expect(token).toHaveLength(20);
    expect(verifyNativePassword('pw', scramble, token)).toBe(true);
    expect(verifyNativePassword('pW', scramble, token)).toBe(false);
    expect(verifyNativePassword('pw', randomBytes(20), token)).toBe(false);
    expect(verifyNativePassword('pw', scramble, Buffer.alloc(0))).toBe(false);
    expect(verifyNativePassword('pw', scramble, token.subarray(0, 19))).toBe(false);
  });
  it('an empty password accepts exactly an empty token', () => {
    expect(nativeAuthToken('', scramble)).toHaveLength(0);
    expect(verifyNativePassword('', scramble, Buffer.alloc(0))).toBe(true);
    expect(verifyNativePassword('', scramble, nativeAuthToken('x', scramble))).toBe(false);
  });
  it('words the denial as StarRocks', () => {
    expect(accessDenied('root', 20)).toMatchObject({ code: 1045, sqlState: '28000', message: "Access denied for user 'root' (using password: YES)" });
    expect(accessDenied('bob', 0).message).toBe("Access denied for user 'bob' (using password: NO)");
  });
});

describe('packet payloads', () => {
  it('length-encodes integers at the boundaries', () => {
    expect(lenencInt(250)).toEqual(Buffer.from([250]));
    expect(lenencInt(251)).toEqual(Buffer.from([0xfc, 251, 0]));
    expect(lenencInt(0x10000)).toEqual(Buffer.from([0xfd, 0, 0, 1]));
    expect(lenencInt(0x1000000)).toEqual(Buffer.from([0xfe, 0, 0, 0, 1, 0, 0, 0, 0]));
  });
  it('encodes ERR with its SQLSTATE and OK with its info', () => {
    expect(errPayload(1049, '42000', "Unknown database 'x'")).toEqual(
      Buffer.concat([Buffer.from([0xff, 0x19, 0x04]), Buffer.from("#42000Unknown database 'x'")]),
    );
    // StarRocks' MysqlOkPacket writes the info length-encoded even without CLIENT_SESSION_TRACK.
    expect(okPayload(3, 'hi')).toEqual(Buffer.from([0, 3, 0, 2, 0, 0, 0, 2, 0x68, 0x69]));
    expect(okPayload(0)).toEqual(Buffer.from([0, 0, 0, 2, 0, 0, 0]));
  });
  it('encodes rows as text with NULL as 0xfb, and a column definition with its type code', () => {
    expect(textRowPayload(['ab', null, ''])).toEqual(Buffer.from([2, 0x61, 0x62, 0xfb, 0]));
    const def = columnDefinitionPayload({ name: 'DbId', type: 'BIGINT' });
    expect(def.subarray(0, 4)).toEqual(Buffer.from([3, 0x64, 0x65, 0x66])); // "def"
    expect(def[def.length - 13 + 7]).toBe(0x08);
  });
  it('builds a column definition once per name and type (answers of a kind repeat their columns)', () => {
    const a = columnDefinitionPayload({ name: 'TabletId', type: 'BIGINT' });
    expect(columnDefinitionPayload({ name: 'TabletId', type: 'BIGINT' })).toBe(a);
    const text = columnDefinitionPayload({ name: 'TabletId', type: 'VARCHAR' });
    expect(text).not.toBe(a);
    expect(text[text.length - 13 + 7]).toBe(0xfd); // VAR_STRING: the type is part of the key
    expect(text.subarray(0, text.length - 13)).toEqual(a.subarray(0, a.length - 13)); // same name fields
  });
});
