// Privilege sync (the 2026 tool's enable_privilege_sync and its six keys): a pure diff of two clusters' users, roles
// and grants → target DDL (CREATE ROLE / USER, GRANT / REVOKE, DROP USER / ROLE) and notes. Never touched: `root`,
// target_cluster_user, the immutable built-in roles (`public` is mutable: its grants sync, the role itself is never
// created or dropped), the excluded users and roles. Grants on objects this run does not migrate are reported.
// Reference: ../shared/reference/starrocks-2026.md "Privilege sync in the official tool"; decisions:
// notes/decisions/privileges.md.
import type { ClusterSnapshot, GrantInfo, GrantObjectRef, PrivilegeSnapshot, RoleInfo, UserInfo } from '../model/snapshot.js';
import type { SyncConfig } from '../config/sync-config.js';
import { quoteIdent, quoteString } from '../sql/quote.js';
import type { DdlAction, PlanNoteDraft } from './actions.js';
import type { PlannerConfig } from './config.js';
import type { NameMapping, NameMappingConfig } from './name-mapping.js';
import type { Scope } from './scope.js';
import { targetNamed } from './target-names.js';

/** The keys privilege sync reads (their SyncConfig names), and the login srsync writes the target with. */
export type PrivilegeSyncConfig = Pick<
  SyncConfig,
  | 'enablePrivilegeSync'
  | 'ddlJobAllowDropUserTargetOnly'
  | 'ddlJobAllowDropRoleTargetOnly'
  | 'ddlJobAllowDropInconsistentUser'
  | 'ddlJobAllowRevokeGrantTargetOnly'
  | 'privilegeSyncExcludeUsers'
  | 'privilegeSyncExcludeRoles'
  | 'targetClusterUser'
>;

/** Built-in roles StarRocks never lets change (security_admin where a version has it). */
export const IMMUTABLE_ROLES: ReadonlySet<string> = new Set(['root', 'db_admin', 'cluster_admin', 'user_admin', 'security_admin']);

/** `'u'@'h'` as SQL: each part a quoted, escaped string literal. */
export function identitySql(user: string, host: string): string {
  return `${quoteString(user)}@${quoteString(host)}`;
}

/** `'u'@'h'` as StarRocks prints it (for logs and notes). */
export const identityText = (u: { user: string; host: string }): string => `'${u.user}'@'${u.host}'`;

/** The figures of the `Sync privilege progress` line. */
export interface PrivilegeProgress {
  /** Users / roles compared (source side, not excluded) and of those, in sync (no statement planned, nothing waiting). */
  readonly users: { readonly total: number; readonly inSync: number };
  readonly roles: { readonly total: number; readonly inSync: number };
  /**
   * Grants (privilege entries and role memberships) of those users and roles, and of those, present on the target.
   * Grants on objects this run does not migrate (excluded, storage volumes missing on the target) are not counted.
   */
  readonly grants: { readonly total: number; readonly inSync: number };
  /** Statements planned plus grants waiting for their object to be created on the target. */
  readonly pending: number;
}

export interface PrivilegePlan {
  readonly ddl: DdlAction[];
  readonly notes: PlanNoteDraft[];
  readonly progress: PrivilegeProgress;
  /** The comparison found a difference this sync should remove (pending work, or source state it cannot reproduce). */
  readonly differs: boolean;
}

/** The `Sync privilege progress` line: percentage of users, roles and grants in sync (rounded down). */
export function formatPrivilegeProgress(p: PrivilegeProgress): string {
  const total = p.users.total + p.roles.total + p.grants.total;
  const inSync = p.users.inSync + p.roles.inSync + p.grants.inSync;
  const pct = total === 0 ? '100.00%' : `${(Math.floor((10_000 * inSync) / total) / 100).toFixed(2)}%`;
  return (
    `Sync privilege progress: ${pct}, total: ${total}, inSync: ${inSync}, pending: ${p.pending}, ` +
    `users: ${p.users.inSync}/${p.users.total}, roles: ${p.roles.inSync}/${p.roles.total}, grants: ${p.grants.inSync}/${p.grants.total}`
  );
}

const EMPTY: PrivilegePlan = {
  ddl: [],
  notes: [],
  progress: { users: { total: 0, inSync: 0 }, roles: { total: 0, inSync: 0 }, grants: { total: 0, inSync: 0 }, pending: 0 },
  differs: false,
};

/** Who a grant goes to. */
type Grantee = { kind: 'user'; user: string; host: string } | { kind: 'role'; name: string };

const granteeLabel = (g: Grantee) => (g.kind === 'user' ? `user ${identityText(g)}` : `role ${g.name}`);
const granteeSql = (g: Grantee) => (g.kind === 'user' ? `USER ${identitySql(g.user, g.host)}` : `ROLE ${quoteIdent(g.name)}`);
const roleMemberSql = (g: Grantee) => (g.kind === 'user' ? identitySql(g.user, g.host) : `ROLE ${quoteIdent(g.name)}`);

/** The object of a GRANT/REVOKE, every name quoted; null for objects srsync does not render. */
export function grantObjectSql(o: GrantObjectRef): string | null {
  switch (o.kind) {
    case 'system':
      return 'SYSTEM';
    case 'all':
      if (!/^[A-Z ]+$/.test(o.plural)) return null;
      return `ALL ${o.plural}${o.inAllDatabases ? ' IN ALL DATABASES' : o.db !== null ? ` IN DATABASE ${quoteIdent(o.db)}` : ''}`;
    case 'catalog':
      return `CATALOG ${quoteIdent(o.name)}`;
    case 'database':
      return `DATABASE ${quoteIdent(o.name)}`;
    case 'table':
      return `${o.type} ${quoteIdent(o.db)}.${quoteIdent(o.name)}`;
    case 'storage_volume':
      return `STORAGE VOLUME ${quoteIdent(o.name)}`;
    case 'other':
      return null;
  }
}

/** A grant on a renamed database or object under the target's names (objectText as SHOW GRANTS prints it: bare names). */
function grantInTargetNames(g: GrantInfo, names: NameMapping): GrantInfo {
  const o = g.object;
  if (o.kind === 'table') {
    const t = names.targetName(o.db, o.name);
    if (t.db === o.db && t.table === o.name) return g;
    return { ...g, object: { ...o, db: t.db, name: t.table }, objectText: `${o.type} ${t.db}.${t.table}` };
  }
  if (o.kind === 'database' && names.targetDb(o.name) !== o.name) {
    const db = names.targetDb(o.name);
    return { ...g, object: { ...o, name: db }, objectText: `DATABASE ${db}` };
  }
  if (o.kind === 'all' && o.db !== null && names.targetDb(o.db) !== o.db) {
    const db = names.targetDb(o.db);
    return { ...g, object: { ...o, db }, objectText: `ALL ${o.plural} IN DATABASE ${db}` };
  }
  return g;
}

function grantsInTargetNames(p: PrivilegeSnapshot, names: NameMapping): PrivilegeSnapshot {
  if (names.identity) return p;
  const grants = (gs: readonly GrantInfo[] | null) => gs?.map((g) => grantInTargetNames(g, names)) ?? null;
  return {
    ...p,
    users: p.users?.map((u) => ({ ...u, grants: grants(u.grants) })) ?? null,
    roles: p.roles.map((r) => ({ ...r, grants: grants(r.grants) })),
  };
}

/** Privilege names as SQL keywords (they come from SHOW GRANTS: letters and spaces only). */
const privilegesSql = (privs: readonly string[]): string | null => (privs.every((p) => /^[A-Z][A-Z ]*$/.test(p)) ? privs.join(', ') : null);

interface Ctx {
  readonly src: ClusterSnapshot;
  readonly tgt: ClusterSnapshot;
  readonly cfg: PrivilegeSyncConfig;
  readonly scope: Scope;
  readonly ddl: DdlAction[];
  readonly notes: PlanNoteDraft[];
  /** Roles that exist on the target after this plan (existing + created). */
  readonly targetRoles: Set<string>;
  pending: number;
  differs: boolean;
  grantsTotal: number;
  grantsInSync: number;
}

/**
 * The DDL that makes the target's users, roles and grants match the source's. Both snapshots need `privileges`
 * (otherwise nothing is planned). `selection`: include/exclude_data_list, to tell grants on migrated objects.
 */
export function diffPrivileges(
  source: ClusterSnapshot,
  target: ClusterSnapshot,
  cfg: PrivilegeSyncConfig,
  selection: Pick<PlannerConfig, 'includeDataList' | 'excludeDataList'> & Partial<NameMappingConfig>,
): PrivilegePlan {
  const tp = target.privileges;
  if (!cfg.enablePrivilegeSync || !source.privileges || !tp) return EMPTY;
  // Rename mapping: grants on renamed databases / objects are compared and granted under the target's names.
  const named = targetNamed(source, selection);
  const sp = grantsInTargetNames(source.privileges, named.names);
  const ctx: Ctx = {
    src: named.renamed.snapshot,
    tgt: target,
    cfg,
    scope: named.scope,
    ddl: [],
    notes: [],
    targetRoles: new Set(tp.roles.map((r) => r.name)),
    pending: 0,
    differs: false,
    grantsTotal: 0,
    grantsInSync: 0,
  };
  const roles = diffRoles(sp, tp, ctx);
  const users = diffUsers(sp, tp, ctx);
  return {
    ddl: ctx.ddl,
    notes: ctx.notes,
    progress: { users, roles, grants: { total: ctx.grantsTotal, inSync: ctx.grantsInSync }, pending: ctx.pending },
    differs: ctx.differs || ctx.pending > 0,
  };
}

/** A role srsync may change: not an immutable built-in, not excluded (public: its grants only). */
function roleSynced(r: Pick<RoleInfo, 'name' | 'builtin'>, cfg: PrivilegeSyncConfig): boolean {
  if (IMMUTABLE_ROLES.has(r.name) || (r.builtin && r.name !== 'public')) return false;
  return !cfg.privilegeSyncExcludeRoles.includes(r.name);
}

/** A user srsync may change: not root, not target_cluster_user, not excluded (by name or identity). */
export function userSynced(
  u: { user: string; host: string },
  cfg: Pick<PrivilegeSyncConfig, 'privilegeSyncExcludeUsers' | 'targetClusterUser'>,
): boolean {
  if (u.user === 'root' || u.user === cfg.targetClusterUser) return false;
  return !cfg.privilegeSyncExcludeUsers.some((e) => e.user === u.user && (e.host === null || e.host === u.host));
}

function action(ctx: Ctx, a: DdlAction): void {
  ctx.ddl.push(a);
  ctx.pending++;
}

function note(ctx: Ctx, n: Omit<PlanNoteDraft, 'db'>, differs: boolean): void {
  ctx.notes.push({ db: '', ...n });
  if (differs) ctx.differs = true;
}

function diffRoles(sp: PrivilegeSnapshot, tp: PrivilegeSnapshot, ctx: Ctx): { total: number; inSync: number } {
  const tgtByName = new Map(tp.roles.map((r) => [r.name, r]));
  const srcNames = new Set(sp.roles.map((r) => r.name));
  let total = 0;
  let inSync = 0;
  // Roles first (a role's grants may name another role created in the same plan).
  for (const r of sp.roles) {
    if (!roleSynced(r, ctx.cfg) || r.builtin || tgtByName.has(r.name)) continue;
    action(ctx, { kind: 'create_role', db: `role ${r.name}`, reason: 'missing_on_target', sql: `CREATE ROLE ${quoteIdent(r.name)}` });
    ctx.targetRoles.add(r.name);
  }
  for (const r of sp.roles) {
    if (!roleSynced(r, ctx.cfg)) continue;
    total++;
    const before = ctx.pending;
    const t = tgtByName.get(r.name);
    if (r.grants === null || (t !== undefined && t.grants === null)) {
      note(
        ctx,
        {
          object: 'role',
          name: r.name,
          reason: 'privilege_read_failed',
          message: `SHOW GRANTS FOR ROLE failed on the ${r.grants === null ? 'source' : 'target'}; its grants are compared next round`,
        },
        true,
      );
      continue;
    }
    const g: Grantee = { kind: 'role', name: r.name };
    diffMemberships(g, r.parents, t?.parents ?? [], ctx);
    diffGrants(g, r.grants, t?.grants ?? [], ctx);
    if (ctx.pending === before && t !== undefined) inSync++;
  }
  for (const t of tp.roles) {
    if (srcNames.has(t.name) || !roleSynced(t, ctx.cfg) || t.builtin) continue;
    if (ctx.cfg.ddlJobAllowDropRoleTargetOnly) {
      action(ctx, { kind: 'drop_role', db: `role ${t.name}`, reason: 'target_only', sql: `DROP ROLE ${quoteIdent(t.name)}` });
      ctx.targetRoles.delete(t.name);
    } else {
      note(
        ctx,
        {
          object: 'role',
          name: t.name,
          reason: 'privilege_target_only_kept',
          configKey: 'ddl_job_allow_drop_role_target_only',
          message: 'exists only on the target; kept',
        },
        false,
      );
    }
  }
  return { total, inSync };
}

function diffUsers(sp: PrivilegeSnapshot, tp: PrivilegeSnapshot, ctx: Ctx): { total: number; inSync: number } {
  if (sp.users === null || tp.users === null) {
    const side = sp.users === null ? 'source' : 'target';
    const why = (sp.users === null ? sp.usersUnreadable : tp.usersUnreadable) ?? 'not read';
    note(ctx, { object: 'user', name: '*', reason: 'users_unreadable', message: `users are not synced (only roles): on the ${side}, ${why}` }, false);
    return { total: 0, inSync: 0 };
  }
  const key = (u: { user: string; host: string }) => `${u.user}\u0000${u.host}`;
  const tgtByKey = new Map(tp.users.map((u) => [key(u), u]));
  const srcKeys = new Set(sp.users.map(key));
  let total = 0;
  let inSync = 0;
  for (const s of sp.users) {
    if (!userSynced(s, ctx.cfg)) continue;
    total++;
    const before = ctx.pending;
    if (diffUser(s, tgtByKey.get(key(s)), ctx) && ctx.pending === before) inSync++;
  }
  for (const t of tp.users) {
    if (srcKeys.has(key(t)) || !userSynced(t, ctx.cfg)) continue;
    const label = `user ${identityText(t)}`;
    if (ctx.cfg.ddlJobAllowDropUserTargetOnly) {
      action(ctx, { kind: 'drop_user', db: label, reason: 'target_only', sql: `DROP USER ${identitySql(t.user, t.host)}` });
    } else {
      note(
        ctx,
        {
          object: 'user',
          name: identityText(t),
          reason: 'privilege_target_only_kept',
          configKey: 'ddl_job_allow_drop_user_target_only',
          message: 'exists only on the target; kept',
        },
        false,
      );
    }
  }
  return { total, inSync };
}

/** What makes two users' definitions differ (empty: the same). */
export function userDefinitionDifferences(s: UserInfo, t: UserInfo): string[] {
  const out: string[] = [];
  if (s.plugin !== t.plugin) out.push(`authentication plugin ${s.plugin || 'none'} on the source, ${t.plugin || 'none'} on the target`);
  else if (s.digest !== t.digest) out.push('the password differs');
  if (s.defaultRoles.join('\u0000') !== t.defaultRoles.join('\u0000'))
    out.push(`DEFAULT ROLE ${s.defaultRoles.join(', ') || 'none'} on the source, ${t.defaultRoles.join(', ') || 'none'} on the target`);
  return out;
}

/** One source user against its target namesake (or none). Returns whether the target has the user as the source defines it. */
function diffUser(s: UserInfo, t: UserInfo | undefined, ctx: Ctx): boolean {
  const name = identityText(s);
  const label = `user ${name}`;
  if (s.grants === null || (t !== undefined && t.grants === null)) {
    note(
      ctx,
      {
        object: 'user',
        name,
        reason: 'privilege_read_failed',
        message: `SHOW GRANTS failed on the ${s.grants === null ? 'source' : 'target'}; compared next round (not re-created meanwhile)`,
      },
      true,
    );
    return false;
  }
  if (s.plugin !== '' && s.plugin !== 'mysql_native_password') {
    note(
      ctx,
      {
        object: 'user',
        name,
        reason: 'user_plugin_unsupported',
        message: `authenticated with ${s.plugin}; only mysql_native_password users are synced`,
      },
      true,
    );
    return false;
  }
  const g: Grantee = { kind: 'user', user: s.user, host: s.host };
  let tgtRoles = t?.roles ?? [];
  let tgtGrants = t?.grants ?? [];
  let create = t === undefined;
  let kept = false;
  if (t !== undefined) {
    const diffs = userDefinitionDifferences(s, t);
    if (diffs.length > 0 && !ctx.cfg.ddlJobAllowDropInconsistentUser) {
      kept = true;
      note(
        ctx,
        {
          object: 'user',
          name,
          reason: 'user_inconsistent_kept',
          configKey: 'ddl_job_allow_drop_inconsistent_user',
          message: `${diffs.join('; ')}; kept as it is (dropping it is not allowed)`,
        },
        true,
      );
    } else if (diffs.length > 0) {
      // Its grants were read in this same round: dropped and re-created with all of them at once.
      action(ctx, { kind: 'drop_user', db: label, reason: 'definition_differs', sql: `DROP USER ${identitySql(s.user, s.host)}` });
      create = true;
      tgtRoles = [];
      tgtGrants = [];
    }
  }
  if (create) {
    const defaults = s.defaultRoles.filter((r) => ctx.targetRoles.has(r));
    for (const r of s.defaultRoles.filter((x) => !ctx.targetRoles.has(x))) {
      note(
        ctx,
        {
          object: 'user',
          name,
          reason: 'grant_object_not_migrated',
          message: `DEFAULT ROLE ${r} left out: the role is not on the target (excluded or built-in)`,
        },
        true,
      );
    }
    const auth = s.digest !== '' ? ` IDENTIFIED WITH mysql_native_password AS ${quoteString(s.digest)}` : '';
    const def = defaults.length > 0 ? ` DEFAULT ROLE ${defaults.map(quoteIdent).join(', ')}` : '';
    action(ctx, {
      kind: 'create_user',
      db: label,
      reason: t === undefined ? 'missing_on_target' : 'definition_differs',
      sql: `CREATE USER ${identitySql(s.user, s.host)}${auth}${def}`,
    });
    // CREATE USER ... DEFAULT ROLE grants those roles.
    tgtRoles = defaults;
  }
  diffMemberships(g, s.roles, tgtRoles, ctx);
  diffGrants(g, s.grants, tgtGrants, ctx);
  return t !== undefined && !create && !kept;
}

/** Roles granted to a user (or parent roles of a role). */
function diffMemberships(g: Grantee, src: readonly string[], tgt: readonly string[], ctx: Ctx): void {
  const label = granteeLabel(g);
  for (const r of src) {
    ctx.grantsTotal++;
    if (tgt.includes(r)) {
      ctx.grantsInSync++;
      continue;
    }
    if (!ctx.targetRoles.has(r)) {
      note(
        ctx,
        {
          object: 'grant',
          name: label.replace(/^\w+ /, ''),
          reason: 'grant_object_not_migrated',
          message: `role ${r} not granted: the role is not on the target (excluded or built-in)`,
        },
        true,
      );
      continue;
    }
    action(ctx, { kind: 'grant_role', db: label, name: `role ${r}`, reason: 'grant_differs', sql: `GRANT ${quoteIdent(r)} TO ${roleMemberSql(g)}` });
  }
  for (const r of tgt) {
    if (src.includes(r)) continue;
    if (ctx.cfg.ddlJobAllowRevokeGrantTargetOnly) {
      action(ctx, {
        kind: 'revoke_role',
        db: label,
        name: `role ${r}`,
        reason: 'target_only',
        sql: `REVOKE ${quoteIdent(r)} FROM ${roleMemberSql(g)}`,
      });
    } else {
      note(
        ctx,
        {
          object: 'grant',
          name: label.replace(/^\w+ /, ''),
          reason: 'privilege_target_only_kept',
          configKey: 'ddl_job_allow_revoke_grant_target_only',
          message: `role ${r} granted only on the target; kept`,
        },
        false,
      );
    }
  }
}

/** Whether a grant's object is migrated by this run: 'yes', 'pending' (selected, not on the target yet) or why not. */
function objectMigrated(o: GrantObjectRef, ctx: Ctx): { state: 'yes' } | { state: 'pending' } | { state: 'no'; why: string } {
  const onTarget = (db: string, name?: string) => {
    const d = ctx.tgt.databases.get(db);
    if (!d) return false;
    return name === undefined || d.tables.has(name) || d.views.has(name) || d.materializedViews.has(name);
  };
  switch (o.kind) {
    case 'table':
      if (!ctx.scope.object(o.db, o.name)) return { state: 'no', why: 'the object is not migrated (include/exclude_data_list)' };
      return onTarget(o.db, o.name) ? { state: 'yes' } : { state: 'pending' };
    case 'database':
    case 'all':
      if (o.kind === 'all' && o.db === null) return { state: 'yes' };
      {
        const db = o.kind === 'database' ? o.name : o.db!;
        if (!ctx.scope.database(db)) return { state: 'no', why: 'the database is not migrated (include/exclude_data_list)' };
        return onTarget(db) ? { state: 'yes' } : { state: 'pending' };
      }
    case 'storage_volume':
      return ctx.tgt.storageVolumes.has(o.name) ? { state: 'yes' } : { state: 'no', why: 'the storage volume does not exist on the target' };
    case 'catalog':
      return o.name === 'default_catalog' ? { state: 'yes' } : { state: 'no', why: 'external catalogs are not migrated' };
    case 'system':
      return { state: 'yes' };
    case 'other':
      return { state: 'no', why: 'srsync does not sync grants on this kind of object' };
  }
}

/** Privilege entries of one user or role: GRANT what the target lacks, REVOKE (if allowed) what only it has. */
function diffGrants(g: Grantee, src: readonly GrantInfo[], tgt: readonly GrantInfo[], ctx: Ctx): void {
  const label = granteeLabel(g);
  const who = label.replace(/^\w+ /, '');
  const entryKey = (x: GrantInfo) => `${x.objectText}\u0000${x.withGrantOption}`;
  const tgtByKey = new Map(tgt.map((x) => [entryKey(x), x]));
  const srcObjects = new Map<string, Set<string>>();
  for (const s of src) {
    const onObject = srcObjects.get(s.objectText) ?? new Set<string>();
    for (const p of s.privileges) onObject.add(p);
    srcObjects.set(s.objectText, onObject);
    const text = `GRANT ${s.privileges.join(', ')} ON ${s.objectText}${s.withGrantOption ? ' WITH GRANT OPTION' : ''}`;
    const migrated = objectMigrated(s.object, ctx);
    if (migrated.state === 'no') {
      // A configuration choice (excluded object) is reported, neither counted nor a difference; an object srsync
      // cannot write is counted (never in sync) and a difference the one-time verdict reports.
      const unsupported = s.object.kind === 'other';
      if (unsupported) ctx.grantsTotal++;
      note(
        ctx,
        { object: 'grant', name: who, reason: 'grant_object_not_migrated', message: `${text}: not granted on the target: ${migrated.why}` },
        unsupported,
      );
      continue;
    }
    ctx.grantsTotal++;
    const have = new Set(tgtByKey.get(entryKey(s))?.privileges ?? []);
    const missing = s.privileges.filter((p) => !have.has(p));
    if (missing.length === 0) {
      ctx.grantsInSync++;
      continue;
    }
    if (migrated.state === 'pending') {
      note(
        ctx,
        { object: 'grant', name: who, reason: 'grant_object_pending', message: `${text}: granted once the object exists on the target` },
        true,
      );
      ctx.pending++;
      continue;
    }
    const obj = grantObjectSql(s.object);
    const privs = privilegesSql(missing);
    if (obj === null || privs === null) {
      note(
        ctx,
        {
          object: 'grant',
          name: who,
          reason: 'grant_object_not_migrated',
          message: `${text}: not granted on the target: srsync cannot write this grant`,
        },
        true,
      );
      continue;
    }
    action(ctx, {
      kind: 'grant_privilege',
      db: label,
      name: `${missing.join(', ')} ON ${s.objectText}${s.withGrantOption ? ' WITH GRANT OPTION' : ''}`,
      reason: 'grant_differs',
      sql: `GRANT ${privs} ON ${obj} TO ${granteeSql(g)}${s.withGrantOption ? ' WITH GRANT OPTION' : ''}`,
    });
  }
  // Only on the target: privileges the source does not have on that object at all (with or without grant option).
  for (const t of tgt) {
    const extra = t.privileges.filter((p) => !(srcObjects.get(t.objectText)?.has(p) ?? false));
    if (extra.length === 0) continue;
    const text = `${extra.join(', ')} ON ${t.objectText}`;
    const obj = grantObjectSql(t.object);
    const privs = privilegesSql(extra);
    if (ctx.cfg.ddlJobAllowRevokeGrantTargetOnly && obj !== null && privs !== null) {
      action(ctx, { kind: 'revoke_privilege', db: label, name: text, reason: 'target_only', sql: `REVOKE ${privs} ON ${obj} FROM ${granteeSql(g)}` });
    } else {
      note(
        ctx,
        {
          object: 'grant',
          name: who,
          reason: 'privilege_target_only_kept',
          configKey: 'ddl_job_allow_revoke_grant_target_only',
          message: `GRANT ${text}: only on the target; kept`,
        },
        false,
      );
    }
  }
}
