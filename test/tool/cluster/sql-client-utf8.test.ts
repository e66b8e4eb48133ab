// SqlClient against an FE that announces utf8_general_ci (collation 33) for its result columns, as StarRocks
// does: values with 4-byte UTF-8 characters (emoji, CJK Extension B) must come back as sent (issue 11 item 1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MysqlFrontend } from '../../../sim/server/mysql-frontend.js';
import { SqlClient } from '../../../src/cluster/sql-client.js';

const NAMES = ['t😀', '𠀀𠀁', 'plain', 'é中'];
const fe = new MysqlFrontend({
  port: 0,
  rootPassword: 'pw',
  serverVersion: '8.0.33',
  handler: async (_s, sql) => {
    if (/^select names/i.test(sql))
      return {
        kind: 'rows',
        columns: [
          { name: 'TABLE_NAME', type: 'VARCHAR' },
          { name: 'N', type: 'BIGINT' },
        ],
        rows: NAMES.map((n, i) => [n, String(9007199254740993n + BigInt(i))]),
      };
    if (/^fail/i.test(sql)) throw Object.assign(new Error('x'), {});
    return { kind: 'ok' };
  },
  onUnexpectedError: () => undefined,
});
let client: SqlClient;

beforeAll(async () => {
  const port = await fe.start();
  client = new SqlClient(
    { host: '127.0.0.1', port, user: 'root', password: 'pw' },
    { connectTimeoutMs: 5000, queryTimeoutMs: 5000, connectionLimit: 1 },
  );
});
afterAll(async () => {
  await client.close();
  await fe.stop();
});

describe('SqlClient decoding', () => {
  it('decodes string columns announced as collation 33 as UTF-8 (4-byte characters intact)', async () => {
    const rows = await client.query('SELECT NAMES');
    expect(rows.map((r) => r['TABLE_NAME'])).toEqual(NAMES);
  });

  it('keeps BIGINT values exact as decimal strings', async () => {
    const rows = await client.query('SELECT NAMES');
    expect(rows[0]!['N']).toBe('9007199254740993');
  });
});
