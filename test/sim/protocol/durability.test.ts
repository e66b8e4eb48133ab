// Acceptance (issue 11 item 8): `kill -9` of a simulated FE started with --data-dir loses nothing it acknowledged.
// Real `srsync-sim start` processes (harness/sim-pair.ts startSim): loads from several connections at once (so that
// replies share journal groups), DDL, ADMIN SET ... WITH PERSISTENT and a replication job admission, each followed by
// a SIGKILL right after the last acknowledgement; a restart with the same --data-dir shows every acknowledged row,
// version, object, setting and job.
import fs from 'node:fs';
import path from 'node:path';
import type mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { attachJournal, journalPath, recover } from '../../../sim/fe/journal.js';
import { defaultOptions, FeState, type FeData } from '../../../sim/fe/state.js';
import { startSim as startSimProcess, type SimProcess } from '../../../harness/sim-pair.js';
import { readTableContent } from '../../../harness/table-content.js';
import {
  buildReplicationRequest,
  connect,
  exec,
  query,
  removeTempDirs,
  replicationJobRow,
  rpcStatus,
  scalar,
  serviceId,
  tableLayout,
  tempDir,
  PASSWORD,
} from './helpers.js';

const FAST = ['--daemon-interval-ms', '50', '--ddl-latency-ms', '0', '--query-latency-ms', '0', '--rpc-latency-ms', '0'];
const running: SimProcess[] = [];
const conns: mysql.Connection[] = [];

afterAll(async () => {
  for (const c of conns) c.destroy();
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  removeTempDirs();
});

async function start(name: string, objectStore: string, dataDir: string): Promise<SimProcess> {
  const p = await startSimProcess({ name, objectStore, dataDir, password: PASSWORD, cnCount: 2, extra: FAST });
  running.push(p);
  return p;
}

async function open(p: SimProcess): Promise<mysql.Connection> {
  const c = await connect(p.queryPort);
  c.on('error', () => {}); // the FE is killed under it
  conns.push(c);
  return c;
}

const LOADERS = 4;
const LOADS_PER_LOADER = 15;
const ROWS_PER_LOAD = 3;

describe('kill -9 of a simulated FE with --data-dir', () => {
  it('keeps every acknowledged load, DDL and persistent config change', async () => {
    const objectStore = tempDir('dur-os');
    const dataDir = tempDir('dur-data');
    const first = await start('dur', objectStore, dataDir);
    const setup = await open(first);
    await exec(setup, 'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0") WITH PERSISTENT', 'CREATE DATABASE d');
    for (let l = 0; l < LOADERS; l++) {
      await exec(setup, `CREATE TABLE d.t${l} (id BIGINT, v VARCHAR(20)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2`);
    }
    const loaders = await Promise.all(Array.from({ length: LOADERS }, () => open(first)));
    const acked: number[][] = loaders.map(() => []);
    await Promise.all(
      loaders.map(async (c, l) => {
        for (let i = 0; i < LOADS_PER_LOADER; i++) {
          const ids = Array.from({ length: ROWS_PER_LOAD }, (_, r) => l * 100_000 + i * ROWS_PER_LOAD + r);
          await exec(c, `INSERT INTO d.t${l} VALUES ${ids.map((id) => `(${id}, 'r${id}')`).join(', ')}`);
          acked[l]!.push(...ids);
        }
      }),
    );
    // The last acknowledged statements: a table, a persistent setting, one more load; then SIGKILL at once.
    await exec(setup, 'CREATE TABLE d.last (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
    await exec(setup, 'ADMIN SET FRONTEND CONFIG ("replication_max_parallel_table_count" = "7") WITH PERSISTENT');
    await exec(setup, 'INSERT INTO d.last VALUES (1), (2)');
    first.child.kill('SIGKILL');
    await first.stop();

    const second = await start('dur', objectStore, dataDir);
    const c = await open(second);
    for (let l = 0; l < LOADERS; l++) {
      const content = await readTableContent(second, objectStore, 'd', `t${l}`);
      const ids = content.rows.map((r) => Number(r['id'])).sort((a, b) => a - b);
      expect(ids).toEqual([...acked[l]!].sort((a, b) => a - b));
      expect(await scalar(c, `SELECT COUNT(*) FROM d.t${l}`)).toBe(String(acked[l]!.length));
      expect(Object.values(content.versions)).toEqual([String(1 + LOADS_PER_LOADER)]);
    }
    expect(await scalar(c, 'SELECT COUNT(*) FROM d.last')).toBe('2');
    const cfg = (await query(c, "ADMIN SHOW FRONTEND CONFIG LIKE 'replication_max_parallel_table_count'")).objects[0];
    expect(cfg?.['Value']).toBe('7');
  });

  it('keeps an acknowledged replication job admission', async () => {
    const objectStore = tempDir('durr-os');
    const src = await start('dsrc', objectStore, tempDir('durr-src'));
    const tgtDir = tempDir('durr-tgt');
    const tgt = await start('dtgt', objectStore, tgtDir);
    const [s, t] = await Promise.all([open(src), open(tgt)]);
    await exec(s, 'ADMIN SET FRONTEND CONFIG ("lake_autovacuum_grace_period_minutes" = "10000000")');
    await exec(
      t,
      'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")',
      'ADMIN SET FRONTEND CONFIG ("enable_legacy_compatibility_for_replication" = "true")',
    );
    const loc = String((await query(s, 'DESC STORAGE VOLUME builtin_storage_volume')).objects[0]!['Location']).split(', ')[0];
    await exec(
      t,
      `CREATE STORAGE VOLUME src_builtin_storage_volume TYPE = S3 LOCATIONS = ("${loc}") PROPERTIES (
         "aws.s3.region" = "us-east-1", "aws.s3.endpoint" = "http://127.0.0.1", "aws.s3.access_key" = "ak", "aws.s3.secret_key" = "sk")`,
      'CREATE DATABASE pad',
      'CREATE TABLE pad.x (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 4',
    );
    const ddl = 'CREATE TABLE r.t (id BIGINT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2';
    for (const c of [s, t]) await exec(c, 'CREATE DATABASE r', ddl);
    await exec(s, 'INSERT INTO r.t VALUES (1), (2), (3)');
    const [sl, tl] = await Promise.all([tableLayout(s, 'r', 't'), tableLayout(t, 'r', 't')]);
    const req = buildReplicationRequest(sl, tl, {
      srcServiceId: await serviceId(src.httpPort),
      mirrorVolume: 'src_builtin_storage_volume',
      jobId: 'dur-job-1',
    });
    expect(await rpcStatus(tgt.rpcPort, req)).toEqual({ code: 0, msgs: [] });
    tgt.child.kill('SIGKILL');
    await tgt.stop();

    const again = await start('dtgt', objectStore, tgtDir);
    const row = await replicationJobRow(await open(again), 'dur-job-1');
    // Admitted before the kill: listed after it (in whatever state the replayed job is in).
    expect(row?.['State']).toMatch(/^(INITIALIZING|SNAPSHOTING|REPLICATING|COMMITTED|ABORTED)$/);
  });
});

/** FeData as text with Maps as entry lists and object keys sorted (key order is not part of the state). */
function canonical(d: FeData | null): string {
  return JSON.stringify(d, (_k, v: unknown) => {
    if (v instanceof Map) return { map: [...v.entries()] };
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)));
    return v;
  });
}

describe('the FE journal (in process: a crash is a journal never closed)', () => {
  it('replays acknowledged groups over the image, compacts into the image, and cuts a torn tail', async () => {
    const dataDir = tempDir('journal');
    const fe = new FeState(defaultOptions({ name: 'j', objectStore: tempDir('journal-os'), cnCount: 1 }));
    const journal = attachJournal(fe, dataDir, 0, 4000);
    for (let i = 0; i < 40; i++) {
      fe.catalog.databases.set(`db${i}`, { id: fe.allocId(), name: `db${i}`, tables: new Map(), createTime: i });
      fe.onChange();
      await journal.durable();
    }
    fe.catalog.databases.delete('db7');
    fe.config.set('replication_max_parallel_table_count', '9', true);
    fe.onChange();
    await journal.durable();
    expect(journal.stats.compactions).toBeGreaterThan(0); // 4,000 bytes of log exceeded at least once
    const recovered = recover(dataDir);
    expect(canonical(recovered.data)).toBe(canonical(fe.toData()));

    // A torn record (a crash while appending a group nobody was answered for) is cut off; the rest replays.
    fs.appendFileSync(journalPath(dataDir), '{"seq":999999,"set":{"meta":{"nextId":');
    const again = recover(dataDir);
    expect(again.tornBytes).toBeGreaterThan(0);
    expect(canonical(again.data)).toBe(canonical(fe.toData()));
    expect(fs.readFileSync(journalPath(dataDir), 'utf8').endsWith('\n') || fs.statSync(journalPath(dataDir)).size === 0).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'image.json'))).toBe(true);
    await journal.close();
  });
});
