// The `mysql` command-line client (MariaDB's, /usr/bin/mysql) against MysqlFrontend with a stub handler.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MysqlFrontend } from '../../../sim/server/mysql-frontend.js';
import { stubHandler, type StubLog } from './stub-handler.js';

const log: StubLog = { statements: [] };
const fe = new MysqlFrontend({
  port: 0,
  rootPassword: 'pw',
  serverVersion: '8.0.33',
  handler: stubHandler(log),
  dbExists: (n) => n === 'db1',
});
let port = 0;

/** Runs the mysql CLI (asynchronously: the server lives in this process). */
function mysqlCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('mysql', ['-h127.0.0.1', `-P${port}`, '--connect-timeout=5', ...args], { timeout: 15_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  port = await fe.start();
});
afterAll(() => fe.stop());

describe('mysql command-line client', () => {
  it('prints SHOW PROC as a table', async () => {
    const r = await mysqlCli('-uroot', '-ppw', '--table', '-e', 'SHOW PROC "/dbs"');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[1]).toMatch(/^\| DbId\s+\| DbName \| TableNum \| Quota\s+\| LastConsistencyCheckTime \| ReplicaQuota \|$/);
    expect(lines[3]).toMatch(/^\| 10001 \| db1\s+\| 2\s+\| 8388608\.000 TB \| \\N\s+\| 1024000\s+\|$/);
    expect(lines).toHaveLength(6);
  });

  it('prints batch (tab-separated) output, NULL for SQL NULL', async () => {
    const r = await mysqlCli('-uroot', '-ppw', '-e', 'types');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([
      'v\tb\ti\td\tt\tf',
      'héllo ✓\t9007199254740993\t42\t1.5\t2026-11-24 12:00:01\t1',
      'NULL\tNULL\tNULL\tNULL\tNULL\tNULL',
    ]);
  });

  it('reports a wrong password as StarRocks does', async () => {
    const r = await mysqlCli('-uroot', '-pwrong', '-e', 'select 1');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe("ERROR 1045 (28000): Access denied for user 'root' (using password: YES)");
  });

  it('reports statement errors with code and SQLSTATE', async () => {
    const r = await mysqlCli('-uroot', '-ppw', '-e', 'bogus statement');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ERROR 1064 (42000) at line 1: Getting syntax error. Detail message: Unexpected input 'bogus'.");
  });

  it('-D db selects the database at login; an unknown one is refused with 1049', async () => {
    const ok = await mysqlCli('-uroot', '-ppw', '-D', 'db1', '-N', '-e', 'select database()');
    expect(ok).toMatchObject({ code: 0, stdout: 'db1\n' });
    const bad = await mysqlCli('-uroot', '-ppw', '-D', 'nodb', '-e', 'select 1');
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe("ERROR 1049 (42000): Unknown database 'nodb'");
  });

  it('`use db` (COM_INIT_DB) sets the session database', async () => {
    const r = await mysqlCli('-uroot', '-ppw', '-N', '-e', 'use db1; select database()');
    expect(r).toMatchObject({ code: 0, stdout: 'db1\n' });
    expect(log.statements.some((s) => /^use /i.test(s.sql))).toBe(false); // it came as COM_INIT_DB, not as a query
  });
});
