// A range table's CREATE TABLE (no DISTRIBUTED BY) runs after `SET enable_range_distribution = true` on its own
// connection; every other statement runs as before.
import { describe, expect, it } from 'vitest';
import { DdlApplier } from '../../../src/applier/ddl-applier.js';
import type { SqlClient } from '../../../src/cluster/sql-client.js';
import { createMemoryLogger } from '../../../src/log/logger.js';
import { createsWithoutDistribution, needsRangeSession } from '../../../src/range/create.js';
import { adminExecuteSql, groovyString, splitScript, topologyScript } from '../../../src/range/scripts.js';

const RANGE =
  'CREATE TABLE `d`.`r` (\n  `k` int(11) NULL,\n  `v` varchar(40) NULL\n) ENGINE=OLAP\nDUPLICATE KEY(`k`)\nORDER BY(`k`)\nPROPERTIES (\n"replication_num" = "1"\n);';
const HASH =
  'CREATE TABLE `d`.`h` (`k` int(11)) ENGINE=OLAP DUPLICATE KEY(`k`) DISTRIBUTED BY HASH(`k`) BUCKETS 3 PROPERTIES ("replication_num" = "1")';

describe('createsWithoutDistribution', () => {
  it('a CREATE TABLE without a top-level DISTRIBUTED BY', () => {
    expect(createsWithoutDistribution(RANGE)).toBe(true);
    expect(createsWithoutDistribution(HASH)).toBe(false);
    expect(createsWithoutDistribution('CREATE TABLE t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY RANDOM')).toBe(false);
    // A column named DISTRIBUTED, and the words inside a comment string, are not the clause.
    expect(createsWithoutDistribution("CREATE TABLE t (`DISTRIBUTED` INT COMMENT 'DISTRIBUTED BY x') ORDER BY(`DISTRIBUTED`)")).toBe(true);
    expect(createsWithoutDistribution('CREATE EXTERNAL TABLE t (k INT)')).toBe(true);
    expect(createsWithoutDistribution('CREATE VIEW v AS SELECT 1')).toBe(false);
    expect(createsWithoutDistribution('CREATE TABLE `unterminated')).toBe(false);
  });

  it('only for create_table statements', () => {
    expect(needsRangeSession({ kind: 'create_table', sql: RANGE })).toBe(true);
    expect(needsRangeSession({ kind: 'add_partition', sql: RANGE })).toBe(false);
  });
});

describe('DdlApplier with a range CREATE TABLE', () => {
  it('runs the session variable and the CREATE on one connection; a hash CREATE as before', async () => {
    const calls: string[] = [];
    const sql = {
      exec: async (s: string) => void calls.push(`exec ${s.split('\n')[0]}`),
      execInDatabase: async (first: string, s: string) => void calls.push(`one connection: ${first}; ${s.split('\n')[0]}`),
    } as unknown as SqlClient;
    const { logger } = createMemoryLogger();
    const out = await new DdlApplier(sql, logger, 1).apply([
      { kind: 'create_table', db: 'd', table: 'r', sql: RANGE },
      { kind: 'create_table', db: 'd', table: 'h', sql: HASH },
    ]);
    expect(out.every((o) => o.ok)).toBe(true);
    expect(calls).toEqual(['one connection: SET enable_range_distribution = true; CREATE TABLE `d`.`r` (', `exec ${HASH}`]);
  });
});

describe('the protocol scripts', () => {
  it('quote names as Groovy strings inside one SQL literal', () => {
    expect(groovyString("it's\\")).toBe("'it\\'s\\\\'");
    expect(topologyScript('d', "t'")).toBe("out.append(globalState.getLocalMetastore().getRangeDistributionTopology('d', 't\\''))");
    expect(adminExecuteSql("a'b")).toBe("ADMIN EXECUTE ON FRONTEND 'a\\'b'");
    const s = splitScript('d', 't', { '5': [{ lowerBound: null, lowerIncluded: false, upperBound: ["x'"], upperIncluded: false }] });
    expect(s).toContain(`parseText('{"5":[{"lowerBound":null,"lowerIncluded":false,"upperBound":["x\\'"],"upperIncluded":false}]}')`);
    expect(s).toContain("submitSplit('d', 't', ranges)");
  });
});
