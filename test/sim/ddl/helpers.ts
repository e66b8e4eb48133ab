// Test fixture: a fresh simulated FE with the builtin volume and a statement runner over sim/ddl.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database, OlapTable, PhysicalPartition } from '../../../sim/catalog/model.js';
import * as ddl from '../../../sim/ddl/index.js';
import { defaultOptions, FeState, type SimOptions } from '../../../sim/fe/state.js';
import { SimError } from '../../../sim/fe/errors.js';
import { parse } from '../../../sim/sql/parser.js';

export interface Fixture {
  fe: FeState;
  run: (sql: string) => unknown;
  created: Array<{ table: string; pp: PhysicalPartition }>;
  dropped: Array<{ table: string; pp: PhysicalPartition; force: boolean }>;
  db: () => Database;
  table: (name: string) => OlapTable;
}

export function fixture(opts: Partial<SimOptions> = {}, currentDb = 'd1'): Fixture {
  const fe = new FeState(defaultOptions({ name: 't', objectStore: mkdtempSync(path.join(tmpdir(), 'ddl-')), ...opts }));
  ddl.ensureBuiltinStorageVolume(fe);
  const created: Fixture['created'] = [];
  const dropped: Fixture['dropped'] = [];
  ddl.setDdlHooks(fe, {
    onNewPhysicalPartition: (_db, t, pp) => created.push({ table: t.name, pp }),
    onDropPhysicalPartition: (_db, t, pp, force) => dropped.push({ table: t.name, pp, force }),
  });
  const run = (sql: string): unknown => {
    const s = parse(sql);
    switch (s.kind) {
      case 'createDatabase':
        return ddl.createDatabase(fe, s);
      case 'dropDatabase':
        return ddl.dropDatabase(fe, s);
      case 'createTable':
        return ddl.createTable(fe, currentDb, s);
      case 'dropTable':
        return ddl.dropTable(fe, currentDb, s);
      case 'alterTable':
        return ddl.alterTable(fe, currentDb, s);
      case 'createIndex':
        return ddl.createIndex(fe, currentDb, s);
      case 'dropIndex':
        return ddl.dropIndex(fe, currentDb, s);
      case 'createView':
        return ddl.createView(fe, currentDb, s);
      case 'alterView':
        return ddl.alterView(fe, currentDb, s);
      case 'dropView':
        return ddl.dropView(fe, currentDb, s);
      case 'createMaterializedView':
        return ddl.createMaterializedView(fe, currentDb, s);
      case 'dropMaterializedView':
        return ddl.dropMaterializedView(fe, currentDb, s);
      case 'createStorageVolume':
        return ddl.createStorageVolume(fe, s);
      case 'dropStorageVolume':
        return ddl.dropStorageVolume(fe, s);
      case 'alterStorageVolume':
        return ddl.alterStorageVolume(fe, s);
      case 'setDefaultStorageVolume':
        return ddl.setDefaultStorageVolume(fe, s);
      default:
        throw new Error(`not a DDL statement: ${s.kind}`);
    }
  };
  const db = () => fe.getDb(currentDb);
  const table = (name: string) => fe.getOlapTable(currentDb, name);
  return { fe, run, created, dropped, db, table };
}

/** The SimError a statement raises (fails the test if none). */
export function errorOf(f: () => unknown): SimError {
  try {
    f();
  } catch (e) {
    if (e instanceof SimError) return e;
    throw e;
  }
  throw new Error('expected a SimError');
}

export const ids = (t: OlapTable) => ({
  partitions: t.partitions.map((p) => p.id),
  physical: t.partitions.map((p) => p.physicalPartitions[0]!.id),
  tablets: t.partitions.map((p) => p.physicalPartitions[0]!.indexes[0]!.tablets.map((x) => x.id)),
});
