// End to end through the CLI: `srsync verify --content` between two srsync-sim clusters after a one-time migration.
// Each cluster fingerprints its own rows (COUNT(*), SUMs of murmur_hash3_32 over every column, read from its segment
// files). Same after the migration; then (a) a row changed on the target with COUNT(*) unchanged: "differs";
// (b) a segment file removed from the target's object store: caught, naming the partition; (c) a load on the source
// between the two partitions_meta reads: "could not compare (versions moved)", never "differs".
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPair, type Pair } from '../../harness/e2e-run.js';
import { rows, sql, writeConf } from '../../harness/sim-pair.js';
import { runCli, runSrsyncOnce, type CliRun } from '../../harness/e2e-catalog.js';

const verify = (conf: string, args: string[] = []) => runCli(['verify', '--conf', conf, '--content', ...args]);
const lines = (r: CliRun) => r.stdout.split('\n').filter(Boolean);

interface ContentDoc {
  ok: boolean;
  content: {
    summary: { tables: number; partitions: number; same: number; differs: number; notCompared: number };
    tables: Array<{
      db: string;
      table: string;
      partitions: Array<{ name: string; status: string; reason?: string; source?: { rows: number }; target?: { rows: number } }>;
    }>;
  };
}

let pair: Pair;
let conf: string;

/**
 * A TCP proxy in front of the source's query port that, the first time a statement containing `trigger` passes,
 * holds it, runs `beforeForward` on the source directly, then forwards it: a load lands between verify's two
 * partitions_meta reads, deterministically.
 */
async function interceptingProxy(
  port: number,
  trigger: string,
  beforeForward: () => Promise<void>,
): Promise<{ port: number; close(): Promise<void> }> {
  let fired = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    let chain = Promise.resolve();
    client.on('data', (chunk: Buffer) => {
      chain = chain.then(async () => {
        if (!fired && chunk.toString('utf8').includes(trigger)) {
          fired = true;
          await beforeForward();
        }
        upstream.write(chunk);
      });
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The local directory of a target partition's segment files (partitions_meta STORAGE_PATH in the shared object store). */
async function targetDataDir(table: string, partition: string): Promise<string> {
  const r = await rows(
    pair.target,
    `SELECT STORAGE_PATH FROM information_schema.partitions_meta WHERE DB_NAME = 'db1' AND TABLE_NAME = '${table}' AND PARTITION_NAME = '${partition}'`,
  );
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(String(r[0]?.['STORAGE_PATH']));
  if (!m) throw new Error(`no storage path for ${table} ${partition}: ${JSON.stringify(r)}`);
  return path.join(pair.dir, 'object-store', m[1]!, m[2]!, 'data');
}

beforeAll(async () => {
  pair = await startPair({ cnCount: 1, sourceCompaction: false });
  await sql(pair.source, [
    'CREATE DATABASE db1',
    `CREATE TABLE db1.events (dt DATE NOT NULL, k INT NOT NULL, v VARCHAR(20), amount DECIMAL(10, 2)) DUPLICATE KEY(dt, k)
       PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"))
       DISTRIBUTED BY HASH(k) BUCKETS 2`,
    'CREATE TABLE db1.users (id INT NOT NULL, name VARCHAR(20)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2',
    `INSERT INTO db1.events VALUES ("2024-01-05", 1, "a", 1.5), ("2024-01-06", 2, NULL, NULL), ("2024-02-05", 3, "c", 3)`,
    `INSERT INTO db1.events VALUES ("2024-01-07", 4, "d", 4.25)`,
    `INSERT INTO db1.users VALUES (1, "ann"), (2, "bob")`,
  ]);
  conf = path.join(pair.dir, 'verify', 'conf');
  writeConf(conf, pair.source, pair.target, { one_time_run_mode: 'true' });
  const run = await runSrsyncOnce(conf, path.join(pair.dir, 'verify', 'log'));
  expect(run.code, run.stderr).toBe(0);
});

afterAll(async () => {
  await pair?.stop();
});

describe('srsync verify --content', { timeout: 120_000 }, () => {
  it('after the migration: every partition the same, exit 0 (text and JSON)', async () => {
    const r = await verify(conf);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(lines(r)).toEqual([
      'verify: 2 tables checked, 2 in sync, 0 lagging, 0 missing, 0 schema differs, 0 partitions differ; IN SYNC',
      'content: 2 tables, 3 partitions fingerprinted, 3 same, 0 differ, 0 could not compare; SAME',
    ]);
    const j = await verify(conf, ['--json']);
    expect(j.code).toBe(0);
    const doc = JSON.parse(j.stdout) as ContentDoc;
    expect(doc.ok).toBe(true);
    expect(doc.content.summary).toEqual({ tables: 2, partitions: 3, same: 3, differs: 0, notCompared: 0 });
    const events = doc.content.tables.find((t) => t.table === 'events')!;
    expect(events.partitions.map((p) => [p.name, p.status, p.source?.rows, p.target?.rows])).toEqual([
      ['p1', 'same', 3, 3],
      ['p2', 'same', 1, 1],
    ]);
  });

  it('(a) a row changed in a target segment file: versions and COUNT(*) equal, content differs, exit 1', async () => {
    const dir = await targetDataDir('events', 'p2');
    const [file] = fs.readdirSync(dir).filter((f) => f.endsWith('.dat'));
    const original = fs.readFileSync(path.join(dir, file!), 'utf8');
    const doc = JSON.parse(original) as { rows: Array<Record<string, unknown>> };
    expect(doc.rows).toHaveLength(1);
    doc.rows[0]!['v'] = 'x';
    fs.writeFileSync(path.join(dir, file!), JSON.stringify(doc));
    try {
      const r = await verify(conf, ['--rows']);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      const out = lines(r);
      expect(out[0]).toMatch(/^verify: 2 tables checked, 2 in sync, .*0 row counts differ; IN SYNC$/);
      expect(out[1]).toMatch(
        /^content differs db1\.events partition p2: rows source 1, target 1; fingerprint source -?\d+\/-?\d+, target -?\d+\/-?\d+$/,
      );
      expect(out.at(-1)).toBe('content: 2 tables, 3 partitions fingerprinted, 2 same, 1 differ, 0 could not compare; NOT SAME');
    } finally {
      fs.writeFileSync(path.join(dir, file!), original);
    }
    expect((await verify(conf)).code).toBe(0);
  });

  it('(b) a segment file removed from the target object store: that partition is named, exit 1', async () => {
    const dir = await targetDataDir('events', 'p2');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.dat'));
    expect(files.length).toBeGreaterThan(0);
    fs.rmSync(path.join(dir, files[0]!));
    const r = await verify(conf);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(lines(r)).toContainEqual(
      expect.stringMatching(
        /^content could not compare db1\.events partition p2: query failed: target: .*Not found: s3:\/\/.*\.dat: No such file or directory/,
      ),
    );
    expect(lines(r).at(-1)).toBe('content: 2 tables, 3 partitions fingerprinted, 2 same, 0 differ, 1 could not compare; NOT SAME');
  });

  it('(c) a load on the source between the two version reads: could not compare (versions moved), not differs', async () => {
    const proxy = await interceptingProxy(pair.source.queryPort, 'PARTITION (`p1`)', () =>
      sql(pair.source, ['INSERT INTO db1.events VALUES ("2024-01-08", 5, "e", 5)']),
    );
    try {
      const c = path.join(pair.dir, 'moved', 'conf');
      writeConf(c, { ...pair.source, queryPort: proxy.port }, pair.target, { include_data_list: 'db1.events' });
      const r = await verify(c, ['--json']);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      const doc = JSON.parse(r.stdout) as ContentDoc;
      const p1 = doc.content.tables[0]!.partitions.find((p) => p.name === 'p1')!;
      expect(p1).toMatchObject({ status: 'not_compared', reason: 'versions moved on the source' });
      expect(doc.content.summary.differs).toBe(0);
    } finally {
      await proxy.close();
    }
  });

  it('(d) a row upserted on the target through SQL: the versions already differ, and content names the partition', async () => {
    await sql(pair.target, ['INSERT INTO db1.users VALUES (2, "bobby")']);
    const r = await verify(conf, ['--rows']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(lines(r)).toContainEqual(
      expect.stringMatching(/^partitions differ db1\.users: inconsistent partitions: users \(target data version \d+ > source visible version \d+\)/),
    );
    expect(lines(r)).toContainEqual(expect.stringMatching(/^content differs db1\.users partition users: rows source 2, target 2; /));
  });
});
