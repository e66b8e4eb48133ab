// Issue 11 item 1 through the CLI: "one bad object must never stop the others". The source's SHOW CREATE TABLE of one
// table fails (a refusal the FE gives for that table only) while three other tables migrate. Expected: the three
// are in sync, the bad table is reported once (WARN) with the FE's message, read again in the next round, and the
// one-time run ends with exit 4 naming it. The simulator has no per-statement fault (its fail_queries fails the
// next N statements, whatever they are), so this test puts a small MySQL-protocol proxy in front of the source's
// query port that answers that one statement with an error packet and forwards everything else untouched.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareForMigration, sql, startSim, writeConf, type SimProcess } from '../../harness/sim-pair.js';
import { ident, lastProgressLines, progressFields, runSrsyncOnce, scalar, tempDir, type SrsyncRun } from '../../harness/e2e-catalog.js';

const DB = 'rf';
const GOOD = ['a', 'b', 'c'];
const BAD = 'bad';
const FE_MESSAGE = 'Unknown error while printing table bad';
const REASON = `SHOW CREATE TABLE \`${DB}\`.\`${BAD}\` failed: ${FE_MESSAGE}`;

interface RefusingProxy {
  port: number;
  /** Statements answered with the error. */
  refused(): number;
  close(): Promise<void>;
}

/**
 * A proxy to 127.0.0.1:<to> that answers every COM_QUERY matching `refuse` with an ERR packet (errno 1064, HY000,
 * `message`) instead of forwarding it; all other bytes pass as they are (MySQL packets: 3-byte length, sequence id).
 */
async function refusingProxy(to: number, refuse: (query: string) => boolean, message: string): Promise<RefusingProxy> {
  let refused = 0;
  const sockets = new Set<net.Socket>();
  const err = (() => {
    const body = Buffer.concat([Buffer.from([0xff, 1064 & 0xff, 1064 >> 8]), Buffer.from(`#HY000${message}`, 'utf8')]);
    const head = Buffer.from([body.length & 0xff, (body.length >> 8) & 0xff, body.length >> 16, 1]);
    return Buffer.concat([head, body]);
  })();
  const server = net.createServer((client) => {
    const upstream = net.connect(to, '127.0.0.1');
    sockets.add(client).add(upstream);
    const done = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', done).on('close', done);
    upstream.on('error', done).on('close', done);
    upstream.pipe(client);
    let buf = Buffer.alloc(0);
    client.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 4) {
        const len = buf[0]! | (buf[1]! << 8) | (buf[2]! << 16);
        if (buf.length < 4 + len) break;
        const packet = buf.subarray(0, 4 + len);
        buf = buf.subarray(4 + len);
        const isQuery = packet[3] === 0 && packet[4] === 0x03;
        if (isQuery && refuse(packet.subarray(5).toString('utf8'))) {
          refused++;
          client.write(err);
        } else {
          upstream.write(packet);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    refused: () => refused,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let dir: string;
let source: SimProcess;
let target: SimProcess;
let proxy: RefusingProxy;
let run: SrsyncRun;

beforeAll(async () => {
  dir = tempDir('e2e-read-failure');
  const store = path.join(dir, 'object-store');
  [source, target] = await Promise.all([
    startSim({ name: 'source', objectStore: store, password: 'src', cnCount: 1 }),
    startSim({ name: 'target', objectStore: store, password: 'tgt', cnCount: 1 }),
  ]);
  const create = (t: string) => `CREATE TABLE ${ident(DB, t)} (k INT, v VARCHAR(20)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1`;
  await sql(source, [
    `CREATE DATABASE ${ident(DB)}`,
    ...[...GOOD, BAD].map(create),
    ...[...GOOD, BAD].map((t, i) => `INSERT INTO ${ident(DB, t)} VALUES ${Array.from({ length: i + 2 }, (_, r) => `(${r}, 'row ${r}')`).join(', ')}`),
  ]);
  await prepareForMigration(source, target);
  proxy = await refusingProxy(source.queryPort, (q) => /^\s*SHOW CREATE TABLE /i.test(q) && q.includes(`\`${BAD}\``), FE_MESSAGE);
  const conf = path.join(dir, 'conf');
  writeConf(conf, source, target, {
    one_time_run_mode: 'true',
    report_interval_seconds: '1',
    include_data_list: DB,
    source_fe_query_port: String(proxy.port),
  });
  run = await runSrsyncOnce(conf, path.join(dir, 'log'), 90_000);
}, 150_000);

afterAll(async () => {
  await proxy?.close();
  await Promise.all([source?.stop(), target?.stop()]);
  if (dir && !process.env['SRSYNC_E2E_KEEP']) fs.rmSync(dir, { recursive: true, force: true });
});

describe("one table's SHOW CREATE TABLE fails on the source (issue 11 item 1)", () => {
  it('the other three tables are migrated: same row counts on the target', async () => {
    for (const t of GOOD)
      expect(await scalar(target, `SELECT COUNT(*) FROM ${ident(DB, t)}`), `${t}\n${run.warn}`).toBe(
        await scalar(source, `SELECT COUNT(*) FROM ${ident(DB, t)}`),
      );
    expect(await scalar(target, `SELECT COUNT(*) FROM information_schema.tables WHERE TABLE_SCHEMA = '${DB}' AND TABLE_NAME = '${BAD}'`)).toBe('0');
  });

  it('one-time mode ends with exit 4 naming the bad table and the FE message (verdict line and stderr)', () => {
    expect(run.code, `${run.stderr}\n${run.warn}`).toBe(4);
    expect(run.warn).toContain(`Not synchronized: table ${DB}.${BAD}: ${REASON}`);
    expect(run.stderr).toContain(`table ${DB}.${BAD}: ${REASON}`);
    expect(run.info).not.toMatch(/every selected table is in sync/);
  });

  it('reported once as a WARN, never as a catalog read that failed; read again in a later round', () => {
    const warns = run.warn.split('\n').filter((l) => / WARN /.test(l) && l.includes(`${DB}.${BAD}`));
    expect(warns, run.warn).toHaveLength(1);
    expect(warns[0]).toMatch(new RegExp(`WARN \\[sync\\] table ${DB}\\.${BAD}: SHOW CREATE TABLE`));
    expect(run.warn).not.toMatch(/Cannot read the catalogs/);
    expect(proxy.refused()).toBeGreaterThanOrEqual(2);
  });

  it('the progress lines count it as not in sync: 3 of 4 tables finished', () => {
    const { job, table } = lastProgressLines(run.info);
    expect(progressFields(table!)['finished table'], run.info.slice(-3000)).toBe('3');
    expect(progressFields(table!)['unfinished table']).toBe('1');
    expect(progressFields(job!)['percent']).not.toBe('100.00%');
  });
});
