// Range-distribution tests: clusters whose daemons are driven by the test (no timer races), and small readers of
// what srsync reads over MySQL (topology script, SHOW TABLET, information_schema).
import type mysql from 'mysql2/promise';
import type { ClusterHandle } from '../../../sim/cluster.js';
import { query, sqlString } from '../protocol/helpers.js';

/** A slow background daemon: reshard jobs move only when the test calls `settle`. */
export const SLOW_DAEMON = { daemonIntervalMs: 3_600_000 };

/** Runs storage/reshard daemon rounds until no reshard job is unfinished (at most `rounds`). */
export async function settle(c: ClusterHandle, rounds = 12): Promise<void> {
  for (let i = 0; i < rounds; i++) await c.lake.tick();
}

export interface TopologyRange {
  lowerBound: Array<string | null> | null;
  lowerIncluded: boolean;
  upperBound: Array<string | null> | null;
  upperIncluded: boolean;
}

export interface Topology {
  databaseName: string;
  tableName: string;
  tableId: number;
  partitions: Array<{
    partitionName: string;
    partitionId: number;
    physicalPartitionId: number;
    visibleVersion: number;
    indexes: Array<{ indexName: string; indexMetaId: number; currentIndexId: number; tablets: Array<{ tabletId: number; range: TopologyRange }> }>;
  }>;
}

export const topologyScript = (db: string, table: string) =>
  `out.append(globalState.getLocalMetastore().getRangeDistributionTopology(${groovy(db)}, ${groovy(table)}))`;

/** A Groovy single-quoted string literal. */
export const groovy = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The split submission of the merged protocol (PR #77360), as a Groovy script. */
export function splitScript(db: string, table: string, request: Record<string, TopologyRange[]>): string {
  return [
    'import com.starrocks.alter.reshard.RangeDistributionMigrationService',
    'import com.starrocks.alter.reshard.RangeDistributionMigrationService.RangeSpec',
    `def req = new groovy.json.JsonSlurper().parseText(${groovy(JSON.stringify(request))})`,
    'def ranges = new LinkedHashMap<Long, List<RangeSpec>>()',
    'req.each { k, v -> ranges.put(Long.valueOf(k), v.collect { r -> new RangeSpec(r.lowerBound, r.lowerIncluded, r.upperBound, r.upperIncluded) }) }',
    `out.append(new RangeDistributionMigrationService().submitSplit(${groovy(db)}, ${groovy(table)}, ranges))`,
  ].join('\n');
}

export const adminExecute = (script: string) => `ADMIN EXECUTE ON FRONTEND ${sqlString(script)}`;

export async function topology(conn: mysql.Connection, db: string, table: string): Promise<Topology> {
  const r = await query(conn, adminExecute(topologyScript(db, table)));
  return JSON.parse(r.rows.map((x) => x[0]).join('\n')) as Topology;
}

/** Half-open children of a parent range cut at the given one-column boundaries. */
export function cut(parent: TopologyRange, bounds: Array<Array<string | null>>): TopologyRange[] {
  const out: TopologyRange[] = [];
  let lower = parent.lowerBound;
  let lowerIncluded = parent.lowerIncluded;
  for (const b of bounds) {
    out.push({ lowerBound: lower, lowerIncluded, upperBound: b, upperIncluded: false });
    lower = b;
    lowerIncluded = true;
  }
  out.push({ lowerBound: lower, lowerIncluded, upperBound: parent.upperBound, upperIncluded: parent.upperIncluded });
  return out;
}

export async function distributeType(conn: mysql.Connection, db: string, table: string): Promise<string | null> {
  const r = await query(
    conn,
    `SELECT DISTRIBUTE_TYPE, DISTRIBUTE_KEY, DISTRIBUTE_BUCKET FROM information_schema.tables_config WHERE TABLE_SCHEMA = ${sqlString(db)} AND TABLE_NAME = ${sqlString(table)}`,
  );
  return r.rows[0]?.[0] ?? null;
}
