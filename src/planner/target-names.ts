// The source catalog as the target names it (rename mapping), with the scope for those names: what the planner and
// `srsync verify` pair with the target catalog, so that both see one set of names (name-mapping.ts).
import type { ClusterSnapshot } from '../model/snapshot.js';
import type { PlannerConfig } from './config.js';
import { makeNameMapping, renameSource, type NameMapping, type NameMappingConfig, type ObjectName, type RenamedSource } from './name-mapping.js';
import { refsRewriter } from './name-refs.js';
import { makeScope, type Scope } from './scope.js';

export interface TargetNamed {
  names: NameMapping;
  renamed: RenamedSource;
  /** Scope questions about target names, answered for the source names they come from (or would have). */
  scope: Scope;
  /** The source names of a target database / object: exact for renamed sources, else what the mapping implies. */
  sourceOf(db: string, table?: string): ObjectName;
}

export function targetNamed(
  source: ClusterSnapshot,
  cfg: Pick<PlannerConfig, 'includeDataList' | 'excludeDataList'> & Partial<NameMappingConfig>,
): TargetNamed {
  const names = makeNameMapping({ targetDatabaseMapping: cfg.targetDatabaseMapping ?? [], targetTableMapping: cfg.targetTableMapping ?? [] });
  const renamed = renameSource(source, names, refsRewriter(names));
  const sourceOf = (db: string, table?: string) => renamed.sourceOf(db, table) ?? names.sourceOf(db, table);
  const base = makeScope(cfg);
  const scope: Scope = names.identity
    ? base
    : {
        database: (db) => base.database(sourceOf(db).db),
        wholeDatabase: (db) => base.wholeDatabase(sourceOf(db).db),
        object: (db, name) => {
          const s = sourceOf(db, name);
          return base.object(s.db, s.table ?? name);
        },
      };
  return { names, renamed, scope, sourceOf };
}
