// Reading a table as a query does: each selected physical partition at its VISIBLE version, each tablet's
// metadata, every segment it references (merged by key for UNIQUE/PRIMARY/AGGREGATE tables). A missing
// metadata or segment file fails the query, naming the object, so a copy that lost a file is caught.
import type { Database, OlapTable, Partition } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { analysisError } from '../fe/errors.js';
import { partitionDir, partitionStoragePath } from './layout.js';
import { mergeRows } from './merge.js';
import { readMetasAt } from './publish.js';
import { readSegment } from './segments.js';
import type { Row } from './values.js';

export interface ScanOptions {
  /** Read temporary partitions (`... TEMPORARY PARTITION (...)`) instead of normal ones. */
  temporary?: boolean;
}

/** The partitions a `FROM t [PARTITION (p1, p2)]` reads; unknown names are an analysis error. */
export function selectPartitions(table: OlapTable, partitionNames?: string[], opts: ScanOptions = {}): Partition[] {
  const pool = table.partitions.filter((p) => p.isTemp === (opts.temporary ?? false));
  if (!partitionNames) return pool;
  return partitionNames.map((n) => {
    const p = pool.find((x) => x.name.toLowerCase() === n.toLowerCase());
    if (!p) throw analysisError(`Unknown partition '${n}' in table '${table.name}'`);
    return p;
  });
}

/** Calls `visit` with the merged rows of each tablet at the visible version. */
function forEachTablet(fe: FeState, db: Database, table: OlapTable, partitions: Partition[], visit: (rows: Row[]) => void): void {
  for (const p of partitions) {
    for (const pp of p.physicalPartitions) {
      const dir = partitionDir(fe, db, table, pp);
      const uri = partitionStoragePath(fe, db, table, pp);
      // A query reads the base index only.
      for (const meta of readMetasAt(dir, pp.indexes[0]?.tablets ?? [], pp.visibleVersion, uri).values()) {
        const rows: Row[] = [];
        for (const rs of meta.rowsets) {
          for (const seg of rs.segments) {
            for (const r of readSegment(dir, seg, `${uri}/data/${seg.file}`)) rows.push(r);
          }
        }
        visit(mergeRows(table, rows));
      }
    }
  }
}

/** SELECT * (unordered): the rows a query sees. */
export function scanRows(fe: FeState, db: Database, table: OlapTable, partitionNames?: string[], opts: ScanOptions = {}): Row[] {
  const out: Row[] = [];
  forEachTablet(fe, db, table, selectPartitions(table, partitionNames, opts), (rows) => {
    for (const r of rows) out.push(r);
  });
  return out;
}

/** SELECT COUNT(*) FROM t [PARTITION (...)]. */
export function countRows(fe: FeState, db: Database, table: OlapTable, partitionNames?: string[], opts: ScanOptions = {}): number {
  let n = 0;
  forEachTablet(fe, db, table, selectPartitions(table, partitionNames, opts), (rows) => (n += rows.length));
  return n;
}
