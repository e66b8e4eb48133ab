import mysql from 'mysql2/promise';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SimError } from '../../../sim/fe/errors.js';
import { applyMysqlFaultAction, MysqlFaults } from '../../../sim/server/faults.js';
import { MysqlFrontend } from '../../../sim/server/mysql-frontend.js';
import type { QueryResult, Session } from '../../../sim/server/session.js';
import { stubHandler, type StubLog } from './stub-handler.js';

const log: StubLog = { statements: [] };
const faults = new MysqlFaults();
const users = new Map([
  ['bob', { password: 'bobpw' }],
  ['nopw', { password: '' }],
]);
const latencyCalls: string[] = [];
const ended: Session[] = [];
const unexpected: string[] = [];

/** A barrier: `BARRIER n` statements all wait until n of them are running at once (fails after 5 s otherwise). */
let barrier: { need: number; waiting: Array<() => void> } | null = null;
const extra = async (_s: Session, sql: string): Promise<QueryResult | undefined> => {
  const m = /^BARRIER (\d+)$/.exec(sql);
  if (!m) return undefined;
  barrier ??= { need: Number(m[1]), waiting: [] };
  const b = barrier;
  await new Promise<void>((resolve, reject) => {
    b.waiting.push(resolve);
    if (b.waiting.length === b.need) b.waiting.forEach((r) => r());
    setTimeout(() => reject(new SimError(1064, `barrier: only ${b.waiting.length} of ${b.need} statements ran concurrently`)), 5000).unref();
  });
  return { kind: 'ok' };
};

const fe = new MysqlFrontend({
  port: 0,
  rootPassword: 'rootpw',
  users: () => users,
  serverVersion: '8.0.33',
  handler: stubHandler(log, extra),
  faults,
  dbExists: (name) => name === 'db1' || name === 'db2',
  latencyMs: (sql) => {
    latencyCalls.push(sql);
    return 0;
  },
  onSessionEnd: (s) => ended.push(s),
  onUnexpectedError: (e, sql) => unexpected.push(`${sql}: ${e instanceof Error ? e.message : String(e)}`),
});
let port = 0;
const opened: mysql.Connection[] = [];

const connect = async (o: Partial<mysql.ConnectionOptions> = {}) => {
  const c = await mysql.createConnection({
    host: '127.0.0.1',
    port,
    user: 'root',
    password: 'rootpw',
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    ...o,
  });
  c.on('error', () => {});
  opened.push(c);
  return c;
};

/** The error a promise rejects with (fails the test if it resolves). */
async function failure(p: Promise<unknown>): Promise<{ errno?: number; sqlState?: string; message: string; code?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { errno?: number; sqlState?: string; message: string; code?: string };
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  port = await fe.start();
});
afterEach(async () => {
  faults.clear();
  barrier = null;
  await Promise.all(opened.splice(0).map((c) => c.end().catch(() => {})));
});
afterAll(async () => {
  await fe.stop();
});

describe('MysqlFrontend with the mysql2 client', () => {
  it('returns result sets with the mapped column types and text values', async () => {
    const c = await connect();
    const [rows, fields] = await c.query<mysql.RowDataPacket[]>('types');
    expect(fields.map((f) => [f.name, f.type])).toEqual([
      ['v', 0xfd],
      ['b', 0x08],
      ['i', 0x03],
      ['d', 0x05],
      ['t', 0x0c],
      ['f', 0x01],
    ]);
    expect(rows[0]).toEqual({ v: 'héllo ✓', b: '9007199254740993', i: 42, d: 1.5, t: '2026-11-24 12:00:01', f: 1 });
    expect(rows[1]).toEqual({ v: null, b: null, i: null, d: null, t: null, f: null });
  });

  it('answers SHOW PROC with every column as a string', async () => {
    const c = await connect();
    const [rows] = await c.query<mysql.RowDataPacket[]>("SHOW PROC '/dbs'");
    expect(rows.map((r) => [r.DbId, r.DbName, r.LastConsistencyCheckTime])).toEqual([
      ['10001', 'db1', '\\N'],
      ['10002', 'db2', '\\N'],
    ]);
  });

  it('returns OK packets with affected rows and info', async () => {
    const c = await connect();
    const [r] = await c.query<mysql.ResultSetHeader>('INSERT INTO t VALUES (1)');
    expect(r.affectedRows).toBe(3);
    // mysql2 reads the info to the end of the packet; StarRocks length-encodes it (1 length byte here).
    expect(r.info).toBe("5{'label':'insert_1', 'status':'VISIBLE', 'txnId':'7'}");
  });

  it('turns a SimError into an error packet with its code, SQLSTATE and message', async () => {
    const c = await connect();
    const e = await failure(c.query('SELEC 1'));
    expect(e).toMatchObject({ errno: 1064, sqlState: '42000', message: "Getting syntax error. Detail message: Unexpected input 'SELEC'." });
    // the connection stays usable after an error
    const [rows] = await c.query<mysql.RowDataPacket[]>('select 1');
    expect(rows).toEqual([{ 1: '1' }]);
  });

  it('answers an unexpected exception or a malformed result with an error, not a crash', async () => {
    const c = await connect();
    expect(await failure(c.query('crash'))).toMatchObject({ errno: 1064, message: 'Unexpected exception: boom' });
    expect((await failure(c.query('bad rows'))).message).toMatch(/^Unexpected exception: result row has 2 values for 1 columns/);
    await c.query('select 1');
    expect(unexpected).toEqual(['crash: boom', 'bad rows: result row has 2 values for 1 columns']);
  });

  it('passes text SET / PREPARE / EXECUTE to the handler like any statement', async () => {
    const c = await connect();
    await c.query('SET query_timeout = 600');
    await c.query("SET NAMES 'utf8mb4'");
    const [p] = await c.query<mysql.ResultSetHeader>("PREPARE s FROM 'select 1'");
    const [x] = await c.query<mysql.ResultSetHeader>('EXECUTE s');
    expect([p.info, x.info]).toEqual(['\rtext-prepared', '\rtext-prepared']);
    const mine = log.statements.filter((s) => s.connectionId === c.threadId).map((s) => s.sql);
    expect(mine).toEqual(['SET query_timeout = 600', "SET NAMES 'utf8mb4'", "PREPARE s FROM 'select 1'", 'EXECUTE s']);
  });

  it('rejects binary prepared statements (COM_STMT_PREPARE) with Unknown command', async () => {
    const c = await connect();
    expect(await failure(c.execute('select 1'))).toMatchObject({ errno: 1047, sqlState: '08S01' });
    await c.query('select 1');
  });

  it('gives the handler the session: connection id, user, variables', async () => {
    const c = await connect({ user: 'bob', password: 'bobpw' });
    await c.query('SET wait_timeout = 10');
    await c.query('select 1');
    const last = log.statements.at(-1)!;
    expect(last).toMatchObject({ connectionId: c.threadId, user: 'bob', db: null });
    const c2 = await connect();
    expect(c2.threadId).not.toBe(c.threadId);
  });

  it('answers COM_PING', async () => {
    const c = await connect();
    await c.ping();
    await c.query('select 1');
  });

  it('calls the latency hook with each statement', async () => {
    const c = await connect();
    latencyCalls.length = 0;
    await c.query('select 1');
    await c.query("SHOW PROC '/dbs'");
    expect(latencyCalls).toEqual(['select 1', "SHOW PROC '/dbs'"]);
  });

  it('reports a closed session to onSessionEnd', async () => {
    const c = await connect();
    const id = c.threadId;
    await c.end();
    await waitFor(() => ended.some((s) => s.connectionId === id));
  });
});

describe('login', () => {
  it('rejects a wrong password with 1045 as StarRocks words it', async () => {
    const e = await failure(connect({ password: 'nope' }));
    expect(e).toMatchObject({ errno: 1045, sqlState: '28000', message: "Access denied for user 'root' (using password: YES)" });
  });

  it('rejects an unknown user and a missing password', async () => {
    expect(await failure(connect({ user: 'mallory', password: 'x' }))).toMatchObject({
      errno: 1045,
      message: "Access denied for user 'mallory' (using password: YES)",
    });
    expect(await failure(connect({ password: '' }))).toMatchObject({
      errno: 1045,
      message: "Access denied for user 'root' (using password: NO)",
    });
  });

  it('accepts an extra user with its password, and an empty password with no password', async () => {
    await connect({ user: 'bob', password: 'bobpw' });
    await connect({ user: 'nopw', password: '' });
    expect((await failure(connect({ user: 'nopw', password: 'something' }))).errno).toBe(1045);
    expect((await failure(connect({ user: 'bob', password: 'rootpw' }))).errno).toBe(1045);
  });

  it('sees users added after start', async () => {
    users.set('late', { password: 'l' });
    try {
      await connect({ user: 'late', password: 'l' });
    } finally {
      users.delete('late');
    }
  });

  it('an empty root password accepts an empty token only', async () => {
    const open = new MysqlFrontend({ port: 0, rootPassword: '', serverVersion: '8.0.33', handler: stubHandler({ statements: [] }) });
    const p = await open.start();
    try {
      const c = await mysql.createConnection({ host: '127.0.0.1', port: p, user: 'root', password: '' });
      await c.query('select 1');
      await c.end();
      const e = await failure(mysql.createConnection({ host: '127.0.0.1', port: p, user: 'root', password: 'x' }));
      expect(e).toMatchObject({ errno: 1045, message: "Access denied for user 'root' (using password: YES)" });
    } finally {
      await open.stop();
    }
  });

  it('selects the database given at login (USE via the handshake), and rejects an unknown one with 1049', async () => {
    const c = await connect({ database: 'db1' });
    const [rows] = await c.query<mysql.RowDataPacket[]>('SELECT DATABASE()');
    expect(rows).toEqual([{ 'DATABASE()': 'db1' }]);
    expect(await failure(connect({ database: 'nodb' }))).toMatchObject({ errno: 1049, sqlState: '42000', message: "Unknown database 'nodb'" });
  });
});

describe('concurrency', () => {
  it('runs statements of different connections concurrently (a pool of 4, 4 statements meeting at a barrier)', async () => {
    const pool = mysql.createPool({ host: '127.0.0.1', port, user: 'root', password: 'rootpw', connectionLimit: 4 });
    try {
      await Promise.all([1, 2, 3, 4].map(() => pool.query('BARRIER 4')));
      const results = await Promise.all(Array.from({ length: 40 }, () => pool.query<mysql.RowDataPacket[]>('select 1')));
      expect(results.every(([rows]) => rows[0]?.['1'] === 1)).toBe(true);
    } finally {
      await pool.end();
    }
  });

  it('keeps the responses of one connection in order', async () => {
    const c = await connect();
    const out = await Promise.all([c.query('select 1'), c.query("SHOW PROC '/dbs'"), c.query('SELECT DATABASE()')]);
    expect(out.map(([, fields]) => fields?.[0]?.name)).toEqual(['1', 'DbId', 'DATABASE()']);
  });
});

describe('faults', () => {
  it('drops every open connection', async () => {
    const a = await connect();
    const b = await connect();
    await a.query('select 1');
    faults.dropAllConnections();
    for (const c of [a, b]) expect((await failure(c.query('select 1'))).message).toMatch(/closed|lost|ECONNRESET|EPIPE/i);
    await (await connect()).query('select 1');
  });

  it('drops the next N connections at accept', async () => {
    faults.dropNextConnections(2);
    expect((await failure(connect())).code).toBeDefined();
    expect((await failure(connect())).code).toBeDefined();
    await (await connect()).query('select 1');
  });

  it('fails the next N statements with the given error', async () => {
    const c = await connect();
    faults.failNextQueries(2, new SimError(1064, 'injected', '42000'));
    expect(await failure(c.query('select 1'))).toMatchObject({ errno: 1064, sqlState: '42000', message: 'injected' });
    expect(await failure(c.query('select 1'))).toMatchObject({ errno: 1064, message: 'injected' });
    await c.query('select 1');
  });

  it('delays the next N statements (a delayed statement finishes after a later one on another connection)', async () => {
    const a = await connect();
    const b = await connect();
    faults.delayNextQueries(1, 150);
    const order: string[] = [];
    const slow = a.query('select 1').then(() => order.push('a'));
    await b.query('select 1').then(() => order.push('b'));
    await slow;
    expect(order).toEqual(['b', 'a']);
  });

  it('applies the /sim/faults MySQL actions', async () => {
    const c = await connect();
    expect(applyMysqlFaultAction(faults, 'fail_queries', { count: 1, code: 1105, message: 'x' })).toBe(true);
    expect(applyMysqlFaultAction(faults, 'delay_queries', { count: 3, ms: 0 })).toBe(true);
    expect(applyMysqlFaultAction(faults, 'drop_next_connections', { count: 1 })).toBe(true);
    expect(faults.pending()).toEqual({ dropConnections: 1, failQueries: 1, delayQueries: 3 });
    expect(applyMysqlFaultAction(faults, 'abort_replication_jobs', {})).toBe(false);
    expect(() => applyMysqlFaultAction(faults, 'delay_queries', { count: 1 })).toThrow(/"ms"/);
    expect(await failure(c.query('select 1'))).toMatchObject({ errno: 1105, sqlState: 'HY000', message: 'x' });
  });

  it('stop() closes connections and frees the port', async () => {
    const other = new MysqlFrontend({ port: 0, rootPassword: 'p', serverVersion: '8.0.33', handler: stubHandler({ statements: [] }) });
    const p = await other.start();
    const c = await mysql.createConnection({ host: '127.0.0.1', port: p, user: 'root', password: 'p' });
    c.on('error', () => {});
    expect(other.connectionCount()).toBe(1);
    await other.stop();
    expect((await failure(c.query('select 1'))).message).toMatch(/closed|lost|ECONNRESET|EPIPE/i);
    expect((await failure(mysql.createConnection({ host: '127.0.0.1', port: p, user: 'root', password: 'p' }))).code).toBe('ECONNREFUSED');
  });
});

async function waitFor(cond: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline && !cond();) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}
