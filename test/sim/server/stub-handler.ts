// A stub statement handler for the MySQL edge tests: a few fixed statements, and a log of what it received.
import { SimError } from '../../../sim/fe/errors.js';
import type { QueryHandler, QueryResult, Session } from '../../../sim/server/session.js';

export interface StubLog {
  statements: Array<{ connectionId: number; user: string; db: string | null; sql: string }>;
}

export function stubHandler(log: StubLog, extra?: (s: Session, sql: string) => Promise<QueryResult | undefined>): QueryHandler {
  return async (session, sql) => {
    log.statements.push({ connectionId: session.connectionId, user: session.user, db: session.currentDb, sql });
    const more = await extra?.(session, sql);
    if (more) return more;
    const s = sql.trim();
    if (/^select 1$/i.test(s)) return { kind: 'rows', columns: [{ name: '1', type: 'BIGINT' }], rows: [['1']] };
    if (/^select @@version_comment/i.test(s)) {
      return { kind: 'rows', columns: [{ name: '@@version_comment', type: 'VARCHAR' }], rows: [['4.1.0-a1b2c3d']] };
    }
    if (/^select database\(\)$/i.test(s)) {
      return { kind: 'rows', columns: [{ name: 'DATABASE()', type: 'VARCHAR' }], rows: [[session.currentDb]] };
    }
    if (/^show proc '\/dbs'$/i.test(s) || /^show proc "\/dbs"$/i.test(s)) {
      return {
        kind: 'rows',
        columns: ['DbId', 'DbName', 'TableNum', 'Quota', 'LastConsistencyCheckTime', 'ReplicaQuota'].map((name) => ({
          name,
          type: 'VARCHAR' as const,
        })),
        rows: [
          ['10001', 'db1', '2', '8388608.000 TB', '\\N', '1024000'],
          ['10002', 'db2', '0', '8388608.000 TB', '\\N', '1024000'],
        ],
      };
    }
    if (/^types$/i.test(s)) {
      return {
        kind: 'rows',
        columns: [
          { name: 'v', type: 'VARCHAR' },
          { name: 'b', type: 'BIGINT' },
          { name: 'i', type: 'INT' },
          { name: 'd', type: 'DOUBLE' },
          { name: 't', type: 'DATETIME' },
          { name: 'f', type: 'BOOLEAN' },
        ],
        rows: [
          ['héllo ✓', '9007199254740993', '42', '1.5', '2026-11-24 12:00:01', '1'],
          [null, null, null, null, null, null],
        ],
      };
    }
    if (/^set /i.test(s)) {
      const m = /^set\s+(?:session\s+)?@{0,2}(\w+)\s*=\s*(.*)$/i.exec(s);
      if (m) session.variables.set(m[1]!.toLowerCase(), m[2]!);
      return { kind: 'ok' };
    }
    if (/^(prepare|execute|deallocate) /i.test(s)) return { kind: 'ok', info: 'text-prepared' };
    if (/^insert /i.test(s)) return { kind: 'ok', affectedRows: 3, info: "{'label':'insert_1', 'status':'VISIBLE', 'txnId':'7'}" };
    if (/^use (\w+)$/i.test(s)) {
      session.currentDb = /^use (\w+)$/i.exec(s)![1]!;
      return { kind: 'ok' };
    }
    if (/^crash$/i.test(s)) throw new Error('boom');
    if (/^bad rows$/i.test(s)) return { kind: 'rows', columns: [{ name: 'a', type: 'VARCHAR' }], rows: [['x', 'y']] };
    throw new SimError(1064, `Getting syntax error. Detail message: Unexpected input '${s.split(/\s+/)[0]}'.`, '42000');
  };
}
