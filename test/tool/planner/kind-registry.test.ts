import { describe, expect, it } from 'vitest';
import { DDL_KINDS, DDL_ORDER, NOTE_BLOCKING, ddlKindRules, isBlockingNote, orderActions } from '../../../src/planner/actions.js';
import type { DdlAction, DdlKind, DdlKindRules, NoteReason } from '../../../src/planner/actions.js';

describe('per-kind tables', () => {
  it('DDL_ORDER is the documented execution order, every kind once', () => {
    expect(DDL_ORDER).toEqual([
      'create_database',
      'drop_materialized_view',
      'drop_view',
      'drop_bitmap_index',
      'drop_rollup',
      'pause_dynamic_partition',
      'drop_partition',
      'drop_table',
      'drop_database',
      'create_table',
      'add_partition',
      'resume_dynamic_partition',
      'create_bitmap_index',
      'add_rollup',
      'create_sync_materialized_view',
      'create_view',
      'create_materialized_view',
      'alter_table_properties',
      'revoke_privilege',
      'revoke_role',
      'drop_user',
      'drop_role',
      'create_role',
      'create_user',
      'grant_role',
      'grant_privilege',
    ]);
    expect(new Set(DDL_ORDER.map((k) => DDL_KINDS[k].phase)).size).toBe(DDL_ORDER.length);
  });

  it('a kind or a note reason left out of its table does not compile', () => {
    // @ts-expect-error alter_table_properties is missing
    const partial: { readonly [K in DdlKind]: DdlKindRules } = { ...DDL_KINDS, alter_table_properties: undefined as never } as {
      [K in Exclude<DdlKind, 'alter_table_properties'>]: DdlKindRules;
    };
    // @ts-expect-error partial_scope is missing
    const notes: { readonly [R in NoteReason]: string } = { ...NOTE_BLOCKING } as Omit<typeof NOTE_BLOCKING, 'partial_scope'>;
    expect(partial).toBeDefined();
    expect(notes).toBeDefined();
  });

  it('orders actions by phase, keeping the order within a kind', () => {
    const a = (kind: DdlKind, name: string): DdlAction => ({ kind, db: 'd', table: 't', name, reason: 'missing_on_target', sql: name }) as DdlAction;
    const out = orderActions([
      a('create_view', 'v1'),
      a('add_partition', 'p2'),
      a('create_database', 'd'),
      a('add_partition', 'p1'),
      a('drop_table', 'x'),
    ]);
    expect(out.map((x) => x.sql)).toEqual(['d', 'x', 'p2', 'p1', 'v1']);
  });

  it('the applier rules: "already exists" for creates, USE <db> for texts taken from the source', () => {
    expect(DDL_ORDER.filter((k) => DDL_KINDS[k].alreadyDoneErrnos.length > 0)).toEqual([
      'create_database',
      'create_table',
      'create_view',
      'create_materialized_view',
    ]);
    expect(DDL_ORDER.filter((k) => DDL_KINDS[k].inDatabase)).toEqual(['create_sync_materialized_view', 'create_view', 'create_materialized_view']);
    expect(ddlKindRules('create_table')).toBe(DDL_KINDS.create_table);
    expect(ddlKindRules('toString')).toBeUndefined();
    expect(ddlKindRules('create_function')).toBeUndefined();
  });

  it('blocking notes: refused target-only drops and routine notes block nothing', () => {
    const n = (reason: NoteReason, configKey?: string) => isBlockingNote({ object: 'table', db: 'd', reason, message: '', configKey });
    expect(n('drop_not_allowed', 'ddl_job_allow_drop_target_only')).toBe(false);
    expect(n('drop_not_allowed', 'ddl_job_allow_drop_schema_change_table')).toBe(true);
    expect(n('replication_deferred')).toBe(false);
    expect(n('missing_mirror_volume')).toBe(true);
    expect(
      Object.entries(NOTE_BLOCKING)
        .filter(([, v]) => v === 'never')
        .map(([k]) => k)
        .sort(),
    ).toEqual([
      'grant_object_not_migrated',
      'grant_object_pending',
      'mv_base_table_not_migrated',
      'partial_scope',
      'privilege_read_failed',
      'privilege_target_only_kept',
      'property_not_on_source',
      'replication_deferred',
      'user_inconsistent_kept',
      'user_plugin_unsupported',
      'users_unreadable',
    ]);
  });
});
