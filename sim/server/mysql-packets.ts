// Encoders for the server → client packets of the MySQL text protocol (payloads only; the 4-byte header is
// added by the connection, which owns the sequence id). Written by hand because mysql2's server-side helpers
// drop the SQLSTATE of errors and truncate the info text of OK packets.

/** Column types the simulator answers with, named as StarRocks' result metadata names them. */
export type ColumnType = 'VARCHAR' | 'BIGINT' | 'INT' | 'DOUBLE' | 'DATETIME' | 'BOOLEAN';

export interface ResultColumn {
  name: string;
  type: ColumnType;
}

/** MySQL protocol type code, display length and decimals per column type. */
const TYPE_INFO: Record<ColumnType, { code: number; length: number; decimals: number }> = {
  VARCHAR: { code: 0xfd /* VAR_STRING */, length: 255 * 3, decimals: 0 },
  BIGINT: { code: 0x08 /* LONGLONG */, length: 20, decimals: 0 },
  INT: { code: 0x03 /* LONG */, length: 11, decimals: 0 },
  DOUBLE: { code: 0x05 /* DOUBLE */, length: 22, decimals: 31 },
  DATETIME: { code: 0x0c /* DATETIME */, length: 19, decimals: 0 },
  BOOLEAN: { code: 0x01 /* TINY */, length: 1, decimals: 0 },
};

export const SERVER_STATUS_AUTOCOMMIT = 0x0002;
/** utf8_general_ci, the collation StarRocks announces for every column and the connection. */
export const CHARSET_UTF8_GENERAL_CI = 33;

export function columnTypeCode(t: ColumnType): number {
  return TYPE_INFO[t].code;
}

export function okPayload(affectedRows = 0, info = '', status = SERVER_STATUS_AUTOCOMMIT): Buffer {
  return Buffer.concat([
    Buffer.from([0x00]),
    lenencInt(affectedRows),
    lenencInt(0), // last insert id
    int2(status),
    int2(0), // warnings
    // StarRocks' MysqlOkPacket writes the info as a length-encoded string (MariaDB's client reads it so too).
    ...(info ? [lenencInt(Buffer.byteLength(info, 'utf8')), Buffer.from(info, 'utf8')] : []),
  ]);
}

export function errPayload(code: number, sqlState: string, message: string): Buffer {
  const state = (sqlState + 'HY000').slice(0, 5);
  return Buffer.concat([Buffer.from([0xff]), int2(code), Buffer.from('#' + state, 'ascii'), Buffer.from(message, 'utf8')]);
}

export function eofPayload(status = SERVER_STATUS_AUTOCOMMIT, warnings = 0): Buffer {
  return Buffer.concat([Buffer.from([0xfe]), int2(warnings), int2(status)]);
}

export function columnCountPayload(n: number): Buffer {
  return lenencInt(n);
}

/** Most distinct column definitions kept (names and types of result columns); past it the memo starts afresh. */
export const COLUMN_DEFINITION_MEMO_SIZE = 4096;
const columnDefinitions = new Map<string, Buffer>();

/**
 * Protocol::ColumnDefinition41 for a computed column (no schema/table, like SHOW results). The bytes depend only on
 * the name and the type, and every answer of a kind repeats the same columns: they are built once (read-only; the
 * framer copies them).
 */
export function columnDefinitionPayload(col: ResultColumn): Buffer {
  const key = `${col.type}\u0000${col.name}`;
  let out = columnDefinitions.get(key);
  if (out) return out;
  const info = TYPE_INFO[col.type];
  const fixed = Buffer.alloc(13);
  fixed[0] = 0x0c; // length of the fixed-length fields
  fixed.writeUInt16LE(CHARSET_UTF8_GENERAL_CI, 1);
  fixed.writeUInt32LE(info.length, 3);
  fixed[7] = info.code;
  fixed.writeUInt16LE(0, 8); // flags
  fixed[10] = info.decimals;
  // bytes 11-12: filler
  out = Buffer.concat([lenencStr('def'), lenencStr(''), lenencStr(''), lenencStr(''), lenencStr(col.name), lenencStr(col.name), fixed]);
  if (columnDefinitions.size >= COLUMN_DEFINITION_MEMO_SIZE) columnDefinitions.clear();
  columnDefinitions.set(key, out);
  return out;
}

/** ProtocolText::ResultsetRow: every value as text, NULL as 0xfb. */
/** A text-protocol row: NULL as 0xfb, every other value a length-encoded string. One allocation per row. */
export function textRowPayload(values: ReadonlyArray<string | null>): Buffer {
  let size = 0;
  const lengths = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      size += 1;
      continue;
    }
    const n = Buffer.byteLength(v, 'utf8');
    lengths[i] = n;
    size += lenencSize(n) + n;
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      out[at++] = 0xfb;
      continue;
    }
    const n = lengths[i]!;
    at = writeLenencInt(out, at, n);
    at += out.write(v, at, n, 'utf8');
  }
  return out;
}

/** Largest payload one packet carries; longer ones would need splitting (result rows and OK/ERR are far smaller). */
export const MAX_PAYLOAD = 0xffffff;

/** Size of a PacketFramer's first buffer. */
const FIRST_CHUNK = 16 * 1024;

/** Strings up to this length are measured and copied char by char when ASCII (cheaper than a native call each). */
const SHORT_STRING = 48;

/** Byte length of `v` in UTF-8. */
function utf8Length(v: string): number {
  const len = v.length;
  if (len > SHORT_STRING) return Buffer.byteLength(v, 'utf8');
  for (let i = 0; i < len; i++) if (v.charCodeAt(i) >= 0x80) return Buffer.byteLength(v, 'utf8');
  return len;
}

/** Writes `v` (`n` bytes in UTF-8) at `at`; returns the position after it. */
function writeUtf8(b: Buffer, at: number, v: string, n: number): number {
  if (n === v.length && n <= SHORT_STRING) {
    for (let i = 0; i < n; i++) b[at + i] = v.charCodeAt(i);
    return at + n;
  }
  return at + b.write(v, at, n, 'utf8');
}

/**
 * Frames a response's packets (3-byte payload length + sequence id each, as mysql2's writePacket does) into a few
 * large buffers, writing text-protocol rows in place: no Buffer per row or per header, no concatenation. The bytes
 * are exactly those of `header + payload` per packet in order (textRowPayload for rows).
 */
export class PacketFramer {
  private readonly done: Buffer[] = [];
  private buf: Buffer;
  private at = 0;
  /** Byte lengths of the current row's cells (-1 = NULL), reused from row to row. */
  private lengths: number[] = [];

  /**
   * `seq`: the sequence id of the first packet. Buffers start small (most answers are) and double up to
   * `chunkSize`; a packet larger than that gets a buffer of its own size.
   */
  constructor(
    private seq: number,
    private readonly chunkSize = 4 * 1024 * 1024,
  ) {
    this.buf = Buffer.allocUnsafe(Math.min(FIRST_CHUNK, chunkSize));
  }

  /** The sequence id the next packet would get. */
  get nextSeq(): number {
    return this.seq;
  }

  /** Appends one packet with a ready payload. */
  packet(payload: Buffer): void {
    const at = this.header(payload.length);
    payload.copy(this.buf, at);
    this.at = at + payload.length;
  }

  /** Appends one ProtocolText::ResultsetRow packet: NULL as 0xfb, every other value a length-encoded string. */
  textRow(values: ReadonlyArray<string | null>): void {
    const lengths = this.lengths;
    let size = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) {
        lengths[i] = -1;
        size += 1;
        continue;
      }
      const n = utf8Length(typeof v === 'string' ? v : String(v));
      lengths[i] = n;
      size += lenencSize(n) + n;
    }
    let at = this.header(size);
    const b = this.buf;
    for (let i = 0; i < values.length; i++) {
      const n = lengths[i]!;
      if (n < 0) {
        b[at++] = 0xfb;
        continue;
      }
      const v = values[i]!;
      at = n < 251 ? ((b[at] = n), at + 1) : writeLenencInt(b, at, n);
      at = writeUtf8(b, at, typeof v === 'string' ? v : String(v), n);
    }
    this.at = at;
  }

  /** The framed bytes, in order (the buffers are not reused afterwards). */
  finish(): Buffer[] {
    if (this.at > 0) this.done.push(this.buf.subarray(0, this.at));
    this.buf = Buffer.alloc(0);
    this.at = 0;
    return this.done;
  }

  /** Writes the header of a `size`-byte payload (room for the payload ensured); returns where the payload goes. */
  private header(size: number): number {
    if (size >= MAX_PAYLOAD) throw new Error(`packet of ${size} bytes is too large`);
    if (this.at + 4 + size > this.buf.length) {
      if (this.at > 0) this.done.push(this.buf.subarray(0, this.at));
      this.buf = Buffer.allocUnsafe(Math.max(Math.min(this.chunkSize, this.buf.length * 2), 4 + size));
      this.at = 0;
    }
    const b = this.buf;
    const at = this.at;
    b[at] = size & 0xff;
    b[at + 1] = (size >>> 8) & 0xff;
    b[at + 2] = (size >>> 16) & 0xff;
    b[at + 3] = this.seq;
    this.seq = (this.seq + 1) & 0xff;
    return at + 4;
  }
}

function lenencSize(n: number): number {
  return n < 251 ? 1 : n < 0x10000 ? 3 : n < 0x1000000 ? 4 : 9;
}

function writeLenencInt(b: Buffer, at: number, n: number): number {
  if (n < 251) {
    b[at] = n;
    return at + 1;
  }
  if (n < 0x10000) {
    b[at] = 0xfc;
    b.writeUInt16LE(n, at + 1);
    return at + 3;
  }
  if (n < 0x1000000) {
    b[at] = 0xfd;
    b.writeUIntLE(n, at + 1, 3);
    return at + 4;
  }
  b[at] = 0xfe;
  b.writeBigUInt64LE(BigInt(n), at + 1);
  return at + 9;
}

export function lenencInt(n: number): Buffer {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`bad length-encoded integer ${n}`);
  if (n < 251) return Buffer.from([n]);
  if (n < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = 0xfc;
    b.writeUInt16LE(n, 1);
    return b;
  }
  if (n < 0x1000000) {
    const b = Buffer.alloc(4);
    b[0] = 0xfd;
    b.writeUIntLE(n, 1, 3);
    return b;
  }
  const b = Buffer.alloc(9);
  b[0] = 0xfe;
  b.writeBigUInt64LE(BigInt(n), 1);
  return b;
}

export function lenencStr(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  return Buffer.concat([lenencInt(bytes.length), bytes]);
}

function int2(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n & 0xffff, 0);
  return b;
}
