// LIST partitions holding NULL (StarRocks 3.3+, PR #47797): `VALUES IN (NULL)` is stored as
// PartitionValue.STARROCKS_DEFAULT_PARTITION_VALUE, printed as 'NULL' (NullLiteral.getStringValue) exactly like the
// string 'NULL', refused for a NOT NULL partition column, and receives the rows whose partition column is NULL.
import { describe, expect, it } from 'vitest';
import { NULL_PARTITION_VALUE } from '../../../sim/ddl/literals.js';
import { initPhysicalPartition } from '../../../sim/lake/init.js';
import { insertRows } from '../../../sim/lake/load.js';
import { partitionClauseSql, rangeOrListValues } from '../../../sim/show/partition-text.js';
import { errorOf, fixture } from './helpers.js';

const setup = () => {
  const f = fixture();
  f.run('CREATE DATABASE d1');
  return f;
};

const LIST_NULL = `CREATE TABLE t (k int, city varchar(10)) DUPLICATE KEY(k)
  PARTITION BY LIST(city) (PARTITION p_null VALUES IN (NULL), PARTITION p_x VALUES IN ("x", "y"))
  DISTRIBUTED BY HASH(k) BUCKETS 1`;

describe('LIST partitions with NULL', () => {
  it('accepts NULL, stores it as the default-partition value and prints it as NULL', () => {
    const f = setup();
    f.run(LIST_NULL);
    const t = f.table('t');
    expect(t.partitions.map((p) => [p.name, p.bound])).toEqual([
      ['p_null', { kind: 'list', values: [[NULL_PARTITION_VALUE]] }],
      ['p_x', { kind: 'list', values: [['x'], ['y']] }],
    ]);
    expect(partitionClauseSql(t)).toBe("PARTITION BY LIST(`city`)(\n  PARTITION p_null VALUES IN ('NULL'),\n  PARTITION p_x VALUES IN ('x', 'y')\n)");
    expect(rangeOrListValues(t, t.partitions[0]!)).toBe("('NULL')");
  });

  it('multi-column tuples take NULL too', () => {
    const f = setup();
    f.run(`CREATE TABLE m (k int, a varchar(5), b int) DUPLICATE KEY(k)
      PARTITION BY LIST(a, b) (PARTITION p1 VALUES IN (("x", "1")), PARTITION p2 VALUES IN ((NULL, NULL), ("x", NULL)))
      DISTRIBUTED BY HASH(k) BUCKETS 1`);
    const t = f.table('m');
    expect(rangeOrListValues(t, t.partitions[1]!)).toBe("(('NULL', 'NULL'), ('x', 'NULL'))");
  });

  it('NULL and the string NULL are one value (getStringValue), and a NOT NULL column refuses NULL', () => {
    const f = setup();
    const dup = errorOf(() =>
      f.run(`CREATE TABLE d (k int, c varchar(5)) PARTITION BY LIST(c) (PARTITION a VALUES IN (NULL), PARTITION b VALUES IN ("NULL"))
             DISTRIBUTED BY HASH(k) BUCKETS 1`),
    );
    expect(dup.message).toBe('Getting analyzing error. Detail message: Duplicated value NULL.');
    const multi = errorOf(() =>
      f.run(`CREATE TABLE d (k int, a varchar(5), b int) PARTITION BY LIST(a, b) (PARTITION p1 VALUES IN (("x", "1"), ("x", "1")))
             DISTRIBUTED BY HASH(k) BUCKETS 1`),
    );
    expect(multi.message).toBe('Getting analyzing error. Detail message: Duplicate values ("x","1") not allow.');
    const notNull = errorOf(() =>
      f.run(`CREATE TABLE n (k int, c varchar(5) NOT NULL) PARTITION BY LIST(c) (PARTITION a VALUES IN (NULL))
             DISTRIBUTED BY HASH(k) BUCKETS 1`),
    );
    expect(notNull.message).toMatch(/can not be NULL/);
    f.run(LIST_NULL);
    expect(errorOf(() => f.run('ALTER TABLE t ADD PARTITION p_n2 VALUES IN ("NULL")')).message).toMatch(/Duplicate values 'NULL'/);
    f.run('ALTER TABLE t ADD PARTITION p_z VALUES IN ("z")');
  });

  it('routes NULL rows to the NULL partition; a table without one refuses them', async () => {
    const f = setup();
    f.run(LIST_NULL);
    f.run(`CREATE TABLE o (k int, city varchar(10)) PARTITION BY LIST(city) (PARTITION p_x VALUES IN ("x"))
           DISTRIBUTED BY HASH(k) BUCKETS 1`);
    for (const c of f.created) initPhysicalPartition(f.fe, f.db(), f.table(c.table), c.pp);
    const t = f.table('t');
    await insertRows(
      f.fe,
      f.db(),
      t,
      [
        { k: 1, city: null },
        { k: 2, city: 'x' },
        { k: 3, city: null },
      ],
      {},
    );
    const rows = (name: string) => t.partitions.find((p) => p.name === name)!.physicalPartitions[0]!.rowCount;
    expect([rows('p_null'), rows('p_x')]).toEqual([2, 1]);
    await expect(insertRows(f.fe, f.db(), t, [{ k: 4, city: 'NULL' }], {})).rejects.toThrow();
    await expect(insertRows(f.fe, f.db(), f.table('o'), [{ k: 1, city: null }], {})).rejects.toThrow();
  });
});
