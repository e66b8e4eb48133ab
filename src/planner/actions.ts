// What the planner decides: target DDL in execution order, replication work, and notes on what it refused.
// Each DDL action carries the object it touches, why, and its rendered SQL (style.md: actions render their SQL).

export type ActionReason =
  /** The object exists on the source (in scope) but not on the target. */
  | 'missing_on_target'
  /** The table/database exists only on the target (ddl_job_allow_drop_target_only). */
  | 'target_only'
  /** A user's definition (password digest, plugin, default roles) differs: drop and re-create it with its grants. */
  | 'definition_differs'
  /** A grant (privilege or role) on the source that the target lacks, or one only the target has. */
  | 'grant_differs'
  /** The partition, index, view or MV was dropped on the source. */
  | 'dropped_on_source'
  /** The target table's schema differs from the source's: drop and re-create. */
  | 'schema_change'
  /** The object differs in a way that makes it unusable as a replica: drop and re-create. */
  | 'inconsistent'
  /** A table property differs (enable_table_property_sync). */
  | 'property_differs';

interface ActionBase {
  db: string;
  /** Set for table-level objects (tables, partitions, bitmap indexes, properties). */
  table?: string;
  /** Partition, bitmap index, view or MV name. */
  name?: string;
  reason: ActionReason;
  /** One statement, no trailing semicolon. */
  sql: string;
  /**
   * Rename mapping: the source names of the table (or view / MV) the action is for, when they differ from the
   * target's `db` / `table` (`name` for views and MVs); the engine keys its per-table bookkeeping by source names.
   */
  srcDb?: string;
  srcTable?: string;
}

export type DdlAction =
  | (ActionBase & { kind: 'create_database' })
  | (ActionBase & { kind: 'drop_database' })
  | (ActionBase & { kind: 'create_table'; table: string })
  | (ActionBase & { kind: 'drop_table'; table: string })
  | (ActionBase & { kind: 'add_partition'; table: string; name: string })
  | (ActionBase & { kind: 'drop_partition'; table: string; name: string })
  | (ActionBase & { kind: 'create_view'; name: string })
  | (ActionBase & { kind: 'drop_view'; name: string })
  | (ActionBase & { kind: 'create_materialized_view'; name: string })
  | (ActionBase & { kind: 'drop_materialized_view'; name: string })
  | (ActionBase & { kind: 'create_bitmap_index'; table: string; name: string })
  | (ActionBase & { kind: 'drop_bitmap_index'; table: string; name: string })
  | (ActionBase & { kind: 'alter_table_properties'; table: string; property: string; value: string })
  /**
   * `ALTER TABLE t SET ("dynamic_partition.enable" = "false")` before ADD/DROP PARTITION on a target table with
   * dynamic partitioning on (StarRocks refuses both then: DynamicPartitionUtil.checkAlterAllowed), and `= "true"`
   * after them (resume_dynamic_partition).
   */
  | (ActionBase & { kind: 'pause_dynamic_partition'; table: string })
  | (ActionBase & { kind: 'resume_dynamic_partition'; table: string })
  /** ALTER TABLE t DROP ROLLUP r: drops a rollup or a sync MV (both are indexes of the table). */
  | (ActionBase & { kind: 'drop_rollup'; table: string; name: string })
  | (ActionBase & { kind: 'add_rollup'; table: string; name: string })
  /** The source's CREATE MATERIALIZED VIEW text of a sync MV, run after `USE <db>` (its FROM may be unqualified). */
  | (ActionBase & { kind: 'create_sync_materialized_view'; table: string; name: string })
  // Privilege sync (src/planner/privileges.ts): `db` is the grantee (`user 'u'@'h'`, `role r`), `name` the grant.
  | (ActionBase & { kind: 'revoke_privilege'; name: string })
  | (ActionBase & { kind: 'revoke_role'; name: string })
  | (ActionBase & { kind: 'drop_user' })
  | (ActionBase & { kind: 'drop_role' })
  | (ActionBase & { kind: 'create_role' })
  | (ActionBase & { kind: 'create_user' })
  | (ActionBase & { kind: 'grant_role'; name: string })
  | (ActionBase & { kind: 'grant_privilege'; name: string });

export type DdlKind = DdlAction['kind'];

/** What the planner and the applier know about one kind of DDL action (a kind missing here does not compile). */
export interface DdlKindRules {
  /** Execution phase: actions run in ascending phase (see DDL_KINDS). */
  readonly phase: number;
  /** MySQL errnos meaning "already done" when the same statement runs again (idempotent re-runs). */
  readonly alreadyDoneErrnos: readonly number[];
  /** Runs after `USE <db>`: the source's own text, whose unqualified names resolve in the object's database. */
  readonly inDatabase: boolean;
}

const rules = (phase: number, o: Partial<Omit<DdlKindRules, 'phase'>> = {}): DdlKindRules => ({
  phase,
  alreadyDoneErrnos: [],
  inDatabase: false,
  ...o,
});

/**
 * Every DDL kind with its rules. Execution order: create databases → drops (MVs, views, indexes, rollups / sync
 * MVs, [dynamic partitioning paused], partitions, tables, databases) → create tables → add partitions → [dynamic
 * partitioning resumed] → indexes → rollups / sync MVs → views (may depend on tables) → MVs (may depend on both)
 * → property alters. Adding a kind to DdlAction without an entry here is a compile error.
 */
export const DDL_KINDS: { readonly [K in DdlKind]: DdlKindRules } = {
  create_database: rules(0, { alreadyDoneErrnos: [1007] }),
  drop_materialized_view: rules(1),
  drop_view: rules(2),
  drop_bitmap_index: rules(3),
  drop_rollup: rules(4),
  pause_dynamic_partition: rules(5),
  drop_partition: rules(6),
  drop_table: rules(7),
  drop_database: rules(8),
  create_table: rules(9, { alreadyDoneErrnos: [1050] }),
  add_partition: rules(10),
  resume_dynamic_partition: rules(11),
  create_bitmap_index: rules(12),
  add_rollup: rules(13),
  create_sync_materialized_view: rules(14, { inDatabase: true }),
  create_view: rules(15, { alreadyDoneErrnos: [1050], inDatabase: true }),
  create_materialized_view: rules(16, { alreadyDoneErrnos: [1050], inDatabase: true }),
  alter_table_properties: rules(17),
  // Privileges last: grants name the objects created above; roles before the users whose DEFAULT ROLE names them.
  revoke_privilege: rules(18),
  revoke_role: rules(19),
  drop_user: rules(20),
  drop_role: rules(21),
  create_role: rules(22),
  create_user: rules(23),
  grant_role: rules(24),
  grant_privilege: rules(25),
};

/** The rules of a kind named by a string (the applier runs any statement); undefined for an unknown kind. */
export function ddlKindRules(kind: string): DdlKindRules | undefined {
  return Object.hasOwn(DDL_KINDS, kind) ? DDL_KINDS[kind as DdlKind] : undefined;
}

/** The kinds in execution order (DDL_KINDS' phases). */
export const DDL_ORDER: readonly DdlKind[] = (Object.keys(DDL_KINDS) as DdlKind[]).sort((a, b) => DDL_KINDS[a].phase - DDL_KINDS[b].phase);

/** Stable sort into execution order (actions of one kind keep their relative order). */
export function orderActions(actions: readonly DdlAction[]): DdlAction[] {
  return actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => DDL_KINDS[x.a.kind].phase - DDL_KINDS[y.a.kind].phase || x.i - y.i)
    .map((x) => x.a);
}

export type NoteObject =
  | 'database'
  | 'table'
  | 'partition'
  | 'view'
  | 'materialized_view'
  | 'bitmap_index'
  | 'property'
  /** A rollup of a table (ALTER TABLE ADD ROLLUP). */
  | 'rollup'
  /** A synchronous MV: an index of its table (CREATE MATERIALIZED VIEW without REFRESH). */
  | 'sync_materialized_view'
  /** Privilege sync: a user (`name` = 'u'@'h'), a role, or one grant of either. */
  | 'user'
  | 'role'
  | 'grant';

export type NoteReason =
  /** A target-only or inconsistent object would need a drop the config does not allow. */
  | 'drop_not_allowed'
  /** The table's schema differs and ddl_job_allow_drop_schema_change_table is false. */
  | 'schema_change'
  /** A partition is inconsistent (bound, physical partitions, versions) and may not be dropped. */
  | 'inconsistent_partition'
  /** A partition's bucket count differs and it may not be dropped (tablets pair by position, reference §7). */
  | 'bucket_mismatch'
  /** Source partition with several physical partitions: re-creating it on the target cannot reproduce them. */
  | 'physical_partition_mismatch'
  /** The target lacks `src_<volume>` (manual: "Create source storage volumes on the target cluster"). */
  | 'missing_mirror_volume'
  /** The storage volume chosen for a new table does not exist on the target (manual: "Storage volume mapping"). */
  | 'missing_storage_volume'
  /** The source DDL text (SHOW CREATE ...) is not in the snapshot: read it and plan again. */
  | 'missing_create_sql'
  /** The source DDL text could not be parsed for rewriting. */
  | 'unparsable_create_sql'
  /** A partition bound is unknown, so the partition cannot be added. */
  | 'unknown_partition_bound'
  /** The table's HASH distribution columns are unknown, so a partition with its own bucket count cannot be added. */
  | 'unknown_distribution'
  /** No statement StarRocks accepts re-creates this partition (e.g. a renamed partition of an automatic-partitioned table). */
  | 'partition_not_addable'
  /**
   * An async MV's base table is neither on the target nor migrated by this run (manual: "if base tables are not
   * migrated, the background refresh task will report errors"): the MV is not created; reported, not blocking.
   */
  | 'mv_base_table_not_migrated'
  /** The target table is not NORMAL (e.g. SCHEMA_CHANGE): the FE would refuse replication. */
  | 'target_table_not_normal'
  /** The table has DDL in this plan: it is replicated in the next round. */
  | 'replication_deferred'
  /** A target-only database is only partly in scope: its in-scope objects are handled one by one. */
  | 'partial_scope'
  /** A property exists only on the target: it cannot be unset by ALTER TABLE SET. */
  | 'property_not_on_source'
  /**
   * The object's own read failed (TableInfo/DefinedObjectInfo.readError: its rows, SHOW CREATE, SHOW INDEX): nothing
   * is planned for it this round; the message is the failure. Read again next round.
   */
  | 'read_failed'
  /**
   * Partitions kept on the target although the source dropped them (ddl_job_allow_drop_partition_target_only=false):
   * the target holds rows the source no longer has, so the table is not in sync (one note per table; the
   * partitions are named in their own non-blocking notes, the table's other partitions still replicate).
   */
  | 'target_only_partitions_kept'
  /**
   * Privilege sync (src/planner/privileges.ts). Never blocking for the catalog: privileges have their own verdict
   * (one-time mode ends after 3 consecutive full rounds whose comparison differs).
   * A grant on an object this run does not migrate (excluded, or a kind srsync does not sync): reported, not granted.
   */
  | 'grant_object_not_migrated'
  /** A grant whose object is selected but not on the target yet: granted once it is there. */
  | 'grant_object_pending'
  /** Users cannot be read as definitions (no SHOW SECRET, SHOW CREATE USER refused): roles only are synced. */
  | 'users_unreadable'
  /** A user or role, or its grants, could not be read (or understood) this round: nothing planned for it. */
  | 'privilege_read_failed'
  /** A user, role or grant only on the target, kept (its *_target_only key is false). */
  | 'privilege_target_only_kept'
  /** A user whose definition differs is kept as it is (ddl_job_allow_drop_inconsistent_user=false or grants unread). */
  | 'user_inconsistent_kept'
  /** A user authenticated by another plugin than mysql_native_password: not created on the target. */
  | 'user_plugin_unsupported'
  /**
   * Rename mapping (target_database_mapping / target_table_mapping): the source shares its target name with another
   * source (the start-up check refuses such a config; a source object created since is planned for nothing).
   */
  | 'name_mapping_collision'
  /**
   * A range-distributed table whose target topology cannot be aligned with the source's by splits (a merge would be
   * needed, range-colocate, the FE refused the protocol): not replicated (src/range/gate.ts).
   */
  | 'range_not_aligned';

export interface PlanNote {
  object: NoteObject;
  db: string;
  table?: string;
  /** Partition, index, view, MV or property name. */
  name?: string;
  reason: NoteReason;
  /** The config key that prevented an action, when one did. */
  configKey?: string;
  /** One line for the operator. */
  message: string;
  /**
   * True when in-scope source data or definitions stay unsynchronized because of it; false for target-only
   * leftovers kept by config, work deferred to the next round, partial scope and target-only properties.
   */
  blocking: boolean;
}

/** A note as the diff modules write it; the planner adds `blocking`. */
export type PlanNoteDraft = Omit<PlanNote, 'blocking'>;

/**
 * Whether a note of each reason leaves in-scope source data or definitions unsynchronized (a reason missing here
 * does not compile): `always`, `never`, or `unless_target_only` (a refused drop of something only on the target,
 * kept by a `*_target_only` config key, blocks nothing).
 */
export const NOTE_BLOCKING: { readonly [R in NoteReason]: 'always' | 'never' | 'unless_target_only' } = {
  drop_not_allowed: 'unless_target_only',
  schema_change: 'always',
  inconsistent_partition: 'always',
  bucket_mismatch: 'always',
  physical_partition_mismatch: 'always',
  missing_mirror_volume: 'always',
  missing_storage_volume: 'always',
  missing_create_sql: 'always',
  unparsable_create_sql: 'always',
  unknown_partition_bound: 'always',
  unknown_distribution: 'always',
  partition_not_addable: 'always',
  mv_base_table_not_migrated: 'never',
  target_table_not_normal: 'always',
  replication_deferred: 'never',
  partial_scope: 'never',
  property_not_on_source: 'never',
  read_failed: 'always',
  target_only_partitions_kept: 'always',
  grant_object_not_migrated: 'never',
  grant_object_pending: 'never',
  users_unreadable: 'never',
  privilege_read_failed: 'never',
  privilege_target_only_kept: 'never',
  user_inconsistent_kept: 'never',
  user_plugin_unsupported: 'never',
  name_mapping_collision: 'always',
  range_not_aligned: 'always',
};

export function isBlockingNote(n: PlanNoteDraft): boolean {
  const rule = NOTE_BLOCKING[n.reason];
  if (rule === 'unless_target_only') return !(n.configKey !== undefined && n.configKey.endsWith('target_only'));
  return rule === 'always';
}

export function finishNote(n: PlanNoteDraft): PlanNote {
  return { ...n, blocking: isBlockingNote(n) };
}

export interface ReplicationPartitionWork {
  /** Logical partition name. */
  name: string;
  srcPhysicalId: string;
  tgtPhysicalId: string;
  /** Source VisibleVersion (reference §3: src_version). */
  srcVersion: number;
  /** Source VersionEpoch. */
  srcVersionEpoch: string;
  tgtDataVersion: number;
  /** Source physical partition data size, bytes. */
  dataSize: number;
}

export interface ReplicationJobWork {
  partitions: ReplicationPartitionWork[];
  /** Sum of the partitions' dataSize. */
  dataSize: number;
}

export interface TableReplicationWork {
  db: string;
  table: string;
  srcDbId: string;
  srcTableId: string;
  tgtDbId: string;
  tgtTableId: string;
  /** Source storage volume name. */
  srcStorageVolume: string;
  /** `src_<srcStorageVolume>`, the target-side mirror volume (reference §3 src_storage_volume_name). */
  mirrorVolume: string;
  /** Run one after another: the FE allows one replication job per table (reference §4.1 item 4). */
  jobs: ReplicationJobWork[];
  /** Rename mapping: the target table's database and name, when they differ from `db` / `table` (the source's). */
  tgtDb?: string;
  tgtTable?: string;
  /** The source table is range-distributed: its jobs align the target topology and pair tablets by range (src/range/). */
  rangeDistributed?: boolean;
}

export interface Plan {
  /** In execution order. */
  ddl: DdlAction[];
  replication: TableReplicationWork[];
  notes: PlanNote[];
  /** `db.table` keys of tables fully in sync (every partition's target DataVersion == source VisibleVersion). */
  inSync: string[];
}

/** `db.table` as used in Plan.inSync. */
export function tableKey(db: string, table: string): string {
  return `${db}.${table}`;
}
