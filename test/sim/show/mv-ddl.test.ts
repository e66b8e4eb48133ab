// SHOW CREATE MATERIALIZED VIEW of a cloud-native async MV (MaterializedView.getMaterializedViewDdlStmt +
// LakeMaterializedView): back-quoted column list, COMMENT "MATERIALIZED_VIEW" by default, the property map in Java
// HashMap order followed by the lake keys and the warehouse.
import { describe, expect, it } from 'vitest';
import { showCreateMaterializedView } from '../../../sim/show/create-table.js';
import { fixture } from '../ddl/helpers.js';

function setup() {
  const f = fixture();
  f.run('CREATE DATABASE d1');
  f.run('CREATE TABLE tags (day date, user_id int, tag_id int) DUPLICATE KEY(day) DISTRIBUTED BY HASH(user_id) BUCKETS 2');
  const ddl = (mv: string) => String(showCreateMaterializedView(f.fe, 'd1', mv).rows[0]![1]);
  return { ...f, ddl };
}

describe('SHOW CREATE MATERIALIZED VIEW', () => {
  it('prints the column list back-quoted, the default comment and the property map in HashMap order', () => {
    const f = setup();
    f.run(`CREATE MATERIALIZED VIEW tag_counts DISTRIBUTED BY HASH(user_id) REFRESH MANUAL
           PROPERTIES ("session.insert_timeout" = "3600", "mv_rewrite_staleness_second" = "3600")
           AS select user_id, count(tag_id) from tags group by user_id`);
    expect(f.ddl('tag_counts')).toBe(
      'CREATE MATERIALIZED VIEW `tag_counts` (`user_id`, `count(tag_id)`)\n' +
        'COMMENT "MATERIALIZED_VIEW"\n' +
        'DISTRIBUTED BY HASH(`user_id`)\n' +
        'REFRESH MANUAL\n' +
        'PROPERTIES (\n' +
        '"session.insert_timeout" = "3600",\n' +
        '"replicated_storage" = "true",\n' +
        '"mv_rewrite_staleness_second" = "3600",\n' +
        '"replication_num" = "1",\n' +
        '"datacache.enable" = "true",\n' +
        '"enable_async_write_back" = "false",\n' +
        '"storage_volume" = "builtin_storage_volume",\n' +
        '"warehouse" = "default_warehouse"\n' +
        ')\n' +
        'AS select user_id, count(tag_id) from tags group by user_id;',
    );
  });

  it('keeps an explicit comment', () => {
    const f = setup();
    f.run(
      `CREATE MATERIALIZED VIEW daily COMMENT "per day" DISTRIBUTED BY HASH(day) REFRESH ASYNC AS SELECT day, count(*) AS n FROM tags GROUP BY day`,
    );
    expect(f.ddl('daily')).toContain('CREATE MATERIALIZED VIEW `daily` (`day`, `n`)\nCOMMENT "per day"\nDISTRIBUTED BY HASH(`day`)\nREFRESH ASYNC\n');
  });
});
