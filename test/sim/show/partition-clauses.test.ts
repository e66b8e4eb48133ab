// The partition clause of SHOW CREATE TABLE: LIST value lists (ListPartitionInfo), dynamic and expression tables.
import { describe, expect, it } from 'vitest';
import { showCreateTable } from '../../../sim/show/create-table.js';
import { addDb, addTable, col, key, list, newFe } from './fixtures.js';

function setup() {
  const fe = newFe();
  const db = addDb(fe, 'shop');
  const ddl = (t: string) => String(showCreateTable(fe, 'shop', t).rows[0]![1]);
  return { fe, db, ddl };
}

describe('LIST partition clause', () => {
  it('joins values with ", " (ListPartitionInfo.valuesToString, 3.3+) and lists partitions in HashMap<Long> order of their ids', () => {
    const { fe, db, ddl } = setup();
    const t = addTable(fe, db, {
      name: 'regions',
      columns: [key('region', 'varchar(10)'), col('v', 'int(11)')],
      partitionInfo: { type: 'LIST', columns: ['region'], exprText: null, automatic: false },
      distribution: { type: 'HASH', columns: ['region'], buckets: 1 },
      partitions: [
        { name: 'p_eu', bound: list(['de'], ['fr']) },
        { name: 'p_us', bound: list(['us']) },
        { name: 'p_asia', bound: list(['cn'], ['jp'], ['kr']) },
      ],
    });
    // ids 30, 31, 32 fall into buckets 14, 15 and 0 of a 16-bucket HashMap: 32 is iterated first.
    t.partitions.forEach((p, i) => (p.id = 30 + i));
    expect(ddl('regions')).toContain(
      "PARTITION BY LIST(`region`)(\n  PARTITION p_asia VALUES IN ('cn', 'jp', 'kr'),\n  PARTITION p_eu VALUES IN ('de', 'fr'),\n" +
        "  PARTITION p_us VALUES IN ('us')\n)\n",
    );
  });

  it('prints multi-column tuples joined by ", " and leaves temporary partitions out', () => {
    const { fe, db, ddl } = setup();
    addTable(fe, db, {
      name: 'pairs',
      columns: [key('a', 'int(11)'), key('b', 'varchar(5)')],
      partitionInfo: { type: 'LIST', columns: ['a', 'b'], exprText: null, automatic: false },
      distribution: { type: 'HASH', columns: ['a'], buckets: 1 },
      partitions: [
        { name: 'p1', bound: list(['1', 'x'], ['2', 'y']) },
        { name: 'tmp', bound: list(['3', 'z']), temp: true },
      ],
    });
    expect(ddl('pairs')).toContain("PARTITION BY LIST(`a`,`b`)(\n  PARTITION p1 VALUES IN (('1', 'x'), ('2', 'y'))\n)\n");
  });
});
