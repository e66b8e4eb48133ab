// The conditions that block tables and that a DBA fixes on the clusters: the target's storage volumes (a missing
// or wrong `src_<volume>`, a missing target volume) and the manual's FE settings. While something is blocked or
// failing, they are read every few seconds (cheap: SHOW STORAGE VOLUMES, DESC of the src_ volumes, three ADMIN
// SHOW FRONTEND CONFIG); when what they say changes, the engine re-plans at once instead of at the next full read.
import type { SqlClient } from '../cluster/sql-client.js';
import type { FailureCause } from '../cluster/fe-answers.js';
import type { ClusterInspector } from '../inspector/inspector.js';
import { quoteIdent } from '../sql/quote.js';

/** How often the conditions are read while something waits on them. */
export const CONDITION_CHECK_MS = 3_000;

/** The failure causes a change of the conditions may cure (their retries are made due at once). */
export const CONDITION_CAUSES: ReadonlySet<FailureCause> = new Set(['missing_mirror_volume', 'moved_nothing', 'semantic', 'versions_vacuumed']);

export interface Conditions {
  /** Target storage volumes: name → what DESC says of it (location, enabled; src_ volumes only, '' for others). */
  volumes: Map<string, string>;
  /** The manual's FE settings: `side:key` → value. */
  settings: Map<string, string | null>;
}

/** A stable text of `c`, equal exactly when nothing a DBA fixes changed. */
export function conditionsKey(c: Conditions): string {
  const v = [...c.volumes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const s = [...c.settings.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([v, s]);
}

export async function readConditions(target: SqlClient, targetInspector: ClusterInspector, sourceInspector: ClusterInspector): Promise<Conditions> {
  const names = (await target.query('SHOW STORAGE VOLUMES')).map((r) => String(r['Storage Volume'] ?? ''));
  const volumes = new Map<string, string>();
  await Promise.all(
    names.map(async (n) => {
      if (!n.startsWith('src_')) return volumes.set(n, '');
      const row = (await target.query(`DESC STORAGE VOLUME ${quoteIdent(n)}`))[0] ?? {};
      return volumes.set(n, `${row['Location'] ?? ''}|${row['Enabled'] ?? ''}|${row['Params'] ?? ''}`);
    }),
  );
  const [compaction, legacy, grace] = await Promise.all([
    targetInspector.frontendConfig('lake_compaction_max_tasks'),
    targetInspector.frontendConfig('enable_legacy_compatibility_for_replication'),
    sourceInspector.frontendConfig('lake_autovacuum_grace_period_minutes'),
  ]);
  const settings = new Map<string, string | null>([
    ['target:lake_compaction_max_tasks', compaction],
    ['target:enable_legacy_compatibility_for_replication', legacy],
    ['source:lake_autovacuum_grace_period_minutes', grace],
  ]);
  return { volumes, settings };
}

/**
 * For a job that committed without moving its data: does the target's mirror volume point where the source volume
 * is? One line naming the difference, or '' when the locations agree (or cannot be read).
 */
export async function mirrorLocationDiagnosis(source: SqlClient, target: SqlClient, mirrorVolume: string): Promise<string> {
  if (!mirrorVolume.startsWith('src_')) return '';
  const sourceVolume = mirrorVolume.slice(4);
  try {
    const [src, mirror] = await Promise.all([
      source.query(`DESC STORAGE VOLUME ${quoteIdent(sourceVolume)}`),
      target.query(`DESC STORAGE VOLUME ${quoteIdent(mirrorVolume)}`),
    ]);
    const want = String(src[0]?.['Location'] ?? '');
    const have = String(mirror[0]?.['Location'] ?? '');
    if (!want || !have || want === have) return '';
    return `${mirrorVolume} on the target has location ${have}, the source volume ${sourceVolume} has ${want}: re-create ${mirrorVolume} with the source's location`;
  } catch {
    return '';
  }
}
