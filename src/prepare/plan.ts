// What `srsync prepare` changes, from what `srsync check` read (check/read.ts) and judged (check/findings.ts): pure
// functions over plain data. Per FE of each cluster, each of the manual's settings not yet as the manual asks
// (WITH PERSISTENT where the version has it; a static key only as fe.conf lines); each missing `src_` volume of an
// S3 source volume; and the error findings prepare leaves to the DBA, with check's fix.
import { allFindings, MAX_VOLUME_NAME, settingFindings, volumeFindings, type CheckFacts, type Finding, type VolumeFacts } from '../check/findings.js';
import type { ClusterSide } from '../errors.js';
import { rangeSettingFindings, rangeSettingsFor } from '../check/range.js';
import { quoteIdent } from '../sql/quote.js';
import type { RecordedSetting, RecordedVolume } from '../runbook/record.js';
import { PREPARE_SETTINGS, setConfigSql, supportsPersistent } from '../runbook/settings.js';

export interface SettingChange {
  side: ClusterSide;
  fe: string;
  /** `host:port` of the FE's (mapped) query port. */
  address: string;
  endpoint: { host: string; port: number };
  key: string;
  from: string;
  to: string;
  /** persistent: WITH PERSISTENT; memory: in memory (fe.conf line by hand); static: fe.conf and a restart only. */
  mode: 'persistent' | 'memory' | 'static';
}

export interface VolumeCreate {
  name: string;
  sourceVolume: string;
  type: string;
  locations: string[];
  /** The source volume's region and endpoint as DESC shows them (null: not shown; left out of the statement). */
  region: string | null;
  endpoint: string | null;
}

export interface PreparePlan {
  /** Changes in the manual's order (the source's grace period, then the target's settings), FE by FE. */
  settings: SettingChange[];
  /** Every FE/key read that is already as the manual asks (recorded too, as `unchanged`). */
  unchanged: RecordedSetting[];
  volumes: VolumeCreate[];
  /** Error findings prepare does not fix (check's fix with each). */
  byHand: Finding[];
  /** Why prepare must not change anything (an FE that cannot be used, no OPERATE): nothing is changed. */
  blockers: Array<{ reason: string; unreachable: boolean }>;
}

const feLabel = (name: string, address: string) => (name ? `${name} (${address})` : address);

function parseAddress(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i).replace(/^\[(.*)\]$/, '$1'), port: Number(address.slice(i + 1)) };
}

const usable = (v: string | undefined): string | null => (v !== undefined && v !== '' && v !== '******' ? v : null);

/** Why a missing `src_` volume cannot be created by prepare (null: it can). */
export function volumeNotCreatable(v: Pick<VolumeFacts, 'name' | 'type' | 'params'>): string | null {
  if (`src_${v.name}`.length > MAX_VOLUME_NAME) return `src_${v.name} is longer than ${MAX_VOLUME_NAME} characters`;
  if ((v.type || 'S3').toUpperCase() !== 'S3') return `source volume ${v.name} is of type ${v.type}; prepare creates S3 volumes only`;
  if (usable(v.params['aws.s3.region']) === null && usable(v.params['aws.s3.endpoint']) === null)
    return `source volume ${v.name} shows neither aws.s3.region nor aws.s3.endpoint`;
  return null;
}

/** The plan: what to change on which FE, which volumes to create, what is left to the DBA, what blocks it all. */
export function preparePlan(facts: CheckFacts): PreparePlan {
  const blockers: PreparePlan['blockers'] = [];
  for (const s of [facts.source, facts.target]) {
    if (s.operateError !== null)
      blockers.push({
        reason: `${s.side} user '${s.user}' lacks SYSTEM OPERATE (needed to read and set FE configs): ${s.operateError}`,
        unreachable: false,
      });
    for (const fe of s.frontends)
      if (fe.queryError !== null)
        blockers.push({
          reason: `${s.side} FE ${feLabel(fe.name, fe.query)} cannot be used: ${fe.queryError}; every FE must be changed`,
          unreachable: true,
        });
  }
  const settings: SettingChange[] = [];
  const unchanged: RecordedSetting[] = [];
  for (const m of [...PREPARE_SETTINGS, ...rangeSettingsFor(facts)]) {
    const side = facts[m.side];
    for (const fe of side.frontends) {
      if (fe.queryError !== null) continue;
      const v = fe.settings[m.key];
      if (v === undefined || v === null) continue; // the FE has no such key (check says nothing either)
      const mutable = fe.mutable?.[m.key] !== false;
      if (m.ok(v)) {
        unchanged.push({ side: m.side, fe: fe.name, address: fe.query, key: m.key, original: v, value: v, mode: 'unchanged', mutable });
        continue;
      }
      settings.push({
        side: m.side,
        fe: fe.name,
        address: fe.query,
        endpoint: fe.queryEndpoint ?? parseAddress(fe.query),
        key: m.key,
        from: v,
        to: m.value,
        mode: !mutable ? 'static' : supportsPersistent(side.version) ? 'persistent' : 'memory',
      });
    }
  }
  const volumes: VolumeCreate[] = [];
  const handled = new Set<string>();
  const id = (f: Finding) => `${f.object}\u0000${f.problem}`;
  for (const f of [...settingFindings(facts), ...rangeSettingFindings(facts)]) handled.add(id(f));
  const missing = volumeFindings(facts).filter((f) => f.problem.startsWith('is missing'));
  for (const src of facts.sourceVolumes) {
    const name = `src_${src.name}`;
    if (facts.targetVolumes.has(name) || volumeNotCreatable(src) !== null) continue;
    volumes.push({
      name,
      sourceVolume: src.name,
      type: 'S3',
      locations: src.location.split(', ').filter(Boolean),
      region: usable(src.params['aws.s3.region']),
      endpoint: usable(src.params['aws.s3.endpoint']),
    });
    for (const f of missing) if (f.object === `target volume ${name}`) handled.add(id(f));
  }
  const byHand = allFindings(facts).filter((f) => f.severity === 'error' && !handled.has(id(f)));
  return { settings, unchanged, volumes, byHand, blockers };
}

/** The manual's CREATE STORAGE VOLUME with the keys given (`******` for what is printed). */
export function createVolumeSql(v: VolumeCreate, accessKey: string, secretKey: string): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return (
    `CREATE STORAGE VOLUME ${quoteIdent(v.name)} TYPE = ${v.type} LOCATIONS = (${v.locations.map(q).join(', ')}) PROPERTIES (` +
    `"enabled" = "true", ${v.region !== null ? `"aws.s3.region" = ${q(v.region)}, ` : ''}${v.endpoint !== null ? `"aws.s3.endpoint" = ${q(v.endpoint)}, ` : ''}` +
    `"aws.s3.use_aws_sdk_default_behavior" = "false", "aws.s3.use_instance_profile" = "false", "aws.s3.access_key" = ${q(accessKey)}, ` +
    `"aws.s3.secret_key" = ${q(secretKey)}, "aws.s3.enable_partitioned_prefix" = "false")`
  );
}

/** One line per change, for the list shown before asking. */
export function changeLines(plan: PreparePlan): string[] {
  const out: string[] = [];
  for (const c of plan.settings) {
    const where = `${c.side} FE ${feLabel(c.fe, c.address)}`;
    if (c.mode === 'static')
      out.push(
        `${where}: ${c.key} is ${c.from} and static (not mutable): add "${c.key} = ${c.to}" to that FE's fe.conf and restart it (prepare changes nothing)`,
      );
    else out.push(`${where}: ${c.key} ${c.from} -> ${c.to}: ${setConfigSql(c.key, c.to, c.mode === 'persistent')}`);
  }
  for (const v of plan.volumes) out.push(`target: ${createVolumeSql(v, '******', '******')}`);
  return out;
}

/** The record rows of a plan (nothing applied yet). */
export function plannedRecord(plan: PreparePlan): { settings: RecordedSetting[]; volumes: RecordedVolume[] } {
  return {
    settings: [
      ...plan.settings.map((c) => ({
        side: c.side,
        fe: c.fe,
        address: c.address,
        key: c.key,
        original: c.from,
        value: c.to,
        mode: c.mode,
        mutable: c.mode !== 'static',
      })),
      ...plan.unchanged,
    ],
    volumes: plan.volumes.map((v) => ({ name: v.name, sourceVolume: v.sourceVolume, location: v.locations.join(', ') })),
  };
}

/** Whether the plan changes anything on a cluster (static keys change nothing). */
export const changesSomething = (plan: PreparePlan): boolean => plan.volumes.length > 0 || plan.settings.some((c) => c.mode !== 'static');
