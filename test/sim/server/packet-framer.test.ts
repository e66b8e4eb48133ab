// PacketFramer / frameResult: the framed bytes of a result are exactly header + payload per packet, as encodeResult's
// payloads framed one by one, whatever the chunk boundaries, encodings and sequence ids.
import { describe, expect, it } from 'vitest';
import { encodeResult, frameResult } from '../../../sim/server/mysql-frontend.js';
import { PacketFramer, textRowPayload } from '../../../sim/server/mysql-packets.js';
import type { QueryResult } from '../../../sim/server/session.js';

/** The reference framing: a 4-byte header (3-byte length, sequence id) before each payload. */
function reference(payloads: Buffer[], seq: number): Buffer {
  const parts: Buffer[] = [];
  for (const p of payloads) {
    const h = Buffer.alloc(4);
    h.writeUIntLE(p.length, 0, 3);
    h[3] = seq;
    seq = (seq + 1) & 0xff;
    parts.push(h, p);
  }
  return Buffer.concat(parts);
}

/** Byte-wise equality (toEqual on megabyte Buffers is slow); a difference names its first offset. */
function expectSame(got: Buffer, want: Buffer): void {
  let at = 0;
  while (at < Math.min(got.length, want.length) && got[at] === want[at]) at++;
  expect({ length: got.length, firstDifference: at === want.length ? -1 : at }).toEqual({ length: want.length, firstDifference: -1 });
}

const CELLS = [
  '',
  'a',
  'ascii_only_text',
  'é',
  'naïve ünïcode',
  '日本語テーブル',
  '😀 emoji',
  'x'.repeat(47),
  'x'.repeat(48),
  'x'.repeat(49),
  'y'.repeat(250),
  'z'.repeat(251),
  'é'.repeat(200),
  'w'.repeat(70_000),
  null,
]; // 70,000 bytes: a 3-byte length;

function result(rows: number): QueryResult {
  const columns = [
    { name: 'A', type: 'VARCHAR' as const },
    { name: 'B', type: 'BIGINT' as const },
    { name: 'C', type: 'VARCHAR' as const },
  ];
  const out: Array<Array<string | null>> = [];
  for (let i = 0; i < rows; i++) out.push([CELLS[i % CELLS.length]!, String(i), CELLS[(i * 7 + 3) % CELLS.length]!]);
  return { kind: 'rows', columns, rows: out };
}

describe('frameResult', () => {
  it('frames a result as the payloads of encodeResult with consecutive sequence ids', () => {
    for (const seq of [0, 1, 200]) {
      const r = result(600); // > 256 packets: the sequence id wraps
      expectSame(Buffer.concat(frameResult(r, seq)), reference(encodeResult(r), seq));
    }
  });
  it('frames OK results and empty result sets', () => {
    const ok: QueryResult = { kind: 'ok', affectedRows: 3, info: 'done' };
    expectSame(Buffer.concat(frameResult(ok, 1)), reference(encodeResult(ok), 1));
    const empty: QueryResult = { kind: 'rows', columns: [{ name: 'x', type: 'INT' }], rows: [] };
    expectSame(Buffer.concat(frameResult(empty, 1)), reference(encodeResult(empty), 1));
  });
  it('writes non-string cells as their text, as encodeResult does', () => {
    const r = { kind: 'rows', columns: [{ name: 'n', type: 'BIGINT' }], rows: [[42 as unknown as string], [null]] } as QueryResult;
    expectSame(Buffer.concat(frameResult(r, 1)), reference(encodeResult(r), 1));
  });
  it('refuses rows of the wrong width', () => {
    const r: QueryResult = { kind: 'rows', columns: [{ name: 'x', type: 'INT' }], rows: [['1', '2']] };
    expect(() => frameResult(r, 1)).toThrow(/2 values for 1 columns/);
  });
});

describe('PacketFramer', () => {
  it('gives the same bytes whatever the chunk size (rows split across buffers, buffers grown)', () => {
    const rows = (result(300) as Extract<QueryResult, { kind: 'rows' }>).rows;
    const want = reference(
      rows.map((r) => textRowPayload(r)),
      5,
    );
    for (const chunk of [1, 64, 1000, 100_000]) {
      const f = new PacketFramer(5, chunk);
      for (const r of rows) f.textRow(r);
      const parts = f.finish();
      expectSame(Buffer.concat(parts), want);
      if (chunk === 1000) expect(parts.length).toBeGreaterThan(1);
      expect(f.nextSeq).toBe((5 + rows.length) & 0xff);
    }
  });
  it('refuses a packet of 16 MiB or more', () => {
    const f = new PacketFramer(0);
    expect(() => f.packet(Buffer.alloc(0xffffff))).toThrow(/too large/);
  });
});
