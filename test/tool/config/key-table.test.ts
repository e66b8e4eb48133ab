// One name per configuration fact, defaults in one place: the README's key table and the planner's and engine's
// views of the config are pinned to the key specs (src/config/sync-config.ts), which hold every default once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEY_SPECS, SPEC_BY_KEY } from '../../../src/config/sync-config.js';
import type { SyncConfig } from '../../../src/config/sync-config.js';
import { engineSettings } from '../../../src/engine/run-sync.js';
import { defaultPlannerConfig } from '../../../src/planner/config.js';
import { poolSizes } from '../../../src/engine/resources.js';
import { HOSTS, parse } from './helpers.js';

/** `key (default)` pairs of README.md's "How srsync reads the official keys" table. */
function readmeKeyTable(): Array<{ key: string; default: string }> {
  const readme = readFileSync(path.join(import.meta.dirname, '../../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### How srsync reads the official keys'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| key |')));
  const out: Array<{ key: string; default: string }> = [];
  for (const row of table.split('\n').filter((l) => l.startsWith('| `'))) {
    const keysCell = row.split('|')[1]!;
    for (const m of keysCell.matchAll(/`([a-z_]+)`(?: \(([^)]*)\))?/g)) out.push({ key: m[1]!, default: m[2] ?? '' });
  }
  return out;
}

const defaults = (): SyncConfig => parse(HOSTS).config;

describe('configuration names and defaults', () => {
  it("the README's key table names real keys with their defaults", () => {
    const rows = readmeKeyTable();
    expect(rows.map((r) => r.key)).toEqual([
      'meta_job_interval_seconds',
      'meta_job_threads',
      'ddl_job_batch_size',
      'ddl_job_interval_seconds',
      'replication_job_batch_size',
      'replication_job_interval_seconds',
      'max_replication_data_size_per_job_in_gb',
      'target_cluster_max_disk_used_percent',
      'source_cluster_token',
    ]);
    for (const r of rows) {
      const spec = SPEC_BY_KEY.get(r.key);
      expect(spec, r.key).toBeDefined();
      if (r.default !== '') expect(spec!.default, r.key).toBe(r.default);
    }
    expect(rows.filter((r) => SPEC_BY_KEY.get(r.key)!.sharedNothingOnly).map((r) => r.key)).toEqual([
      'target_cluster_max_disk_used_percent',
      'source_cluster_token',
    ]);
  });

  it("the README's privilege sync paragraph names the 7 keys with their defaults", () => {
    const readme = readFileSync(path.join(import.meta.dirname, '../../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### How srsync reads the official keys'));
    const para = section.slice(section.indexOf('Privilege sync ('), section.indexOf('\n\n', section.indexOf('Privilege sync (')));
    const rows = [...para.matchAll(/`([a-z_]+)` \(([^)]*)\)/g)].map((m) => ({ key: m[1]!, default: m[2]! }));
    expect(rows.map((r) => r.key)).toEqual([
      'enable_privilege_sync',
      'ddl_job_allow_drop_user_target_only',
      'ddl_job_allow_drop_role_target_only',
      'ddl_job_allow_drop_inconsistent_user',
      'ddl_job_allow_revoke_grant_target_only',
      'privilege_sync_exclude_users',
      'privilege_sync_exclude_roles',
    ]);
    for (const r of rows) expect(SPEC_BY_KEY.get(r.key)?.default, r.key).toBe(r.default);
  });

  it('every default is written once: the planner defaults are the key specs parsed', () => {
    expect(engineSettings(defaults()).planner).toEqual(defaultPlannerConfig);
  });

  it('the engine keeps each key under its SyncConfig name (the key in camelCase)', () => {
    const config = defaults();
    const settings = engineSettings(config) as unknown as Record<string, unknown>;
    const fields = new Set(KEY_SPECS.map((s) => s.field as string));
    const shared = Object.keys(settings).filter((k) => fields.has(k));
    expect(shared.sort()).toEqual(
      [
        'oneTimeRunMode',
        'jdbcConnectTimeoutMs',
        'jdbcSocketTimeoutMs',
        'metaJobIntervalSeconds',
        'metaJobThreads',
        'ddlJobIntervalSeconds',
        'ddlJobBatchSize',
        'replicationJobIntervalSeconds',
        'replicationJobBatchSize',
        'reportIntervalSeconds',
      ].sort(),
    );
    for (const k of shared) expect(settings[k], k).toEqual((config as unknown as Record<string, unknown>)[k]);
    // Every other engine setting is derived (logins, planner) or srsync's own (versionPollMs): no second name for a key.
    expect(
      Object.keys(settings)
        .filter((k) => !fields.has(k))
        .sort(),
    ).toEqual(['planner', 'privileges', 'source', 'target', 'versionPollMs']);
    // The privilege keys keep their SyncConfig names inside `privileges` (with target_cluster_user, never changed).
    for (const [k, v] of Object.entries(engineSettings(config).privileges!)) expect(v, k).toEqual((config as unknown as Record<string, unknown>)[k]);
  });

  it('pool sizes follow the keys at their defaults (meta_job_threads 4, ddl_job_batch_size 10, replication_job_batch_size 10)', () => {
    expect(poolSizes(engineSettings(defaults()))).toEqual({ source: 4, target: 12, sender: 10 });
  });
});
