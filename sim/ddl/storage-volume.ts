// Storage volumes (StorageVolumeMgr / SharedDataStorageVolumeMgr): create, alter, drop, set default, the builtin
// volume every shared-data cluster starts with, and the volume a new db/table binds to.
import { randomUUID } from 'node:crypto';
import type { Database, StorageVolume } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import type { AlterStorageVolumeStmt, CreateStorageVolumeStmt, DropStorageVolumeStmt, SetDefaultStorageVolumeStmt } from '../sql/ast.js';
import { ddlError, semanticError } from './errors.js';
import { checkStorageVolumeName } from './names.js';
import { javaLongSetToString } from './java.js';
import { s3AccessError } from '../lake/s3-access.js';

const TYPES = ['S3', 'HDFS', 'AZBLOB', 'ADLS2', 'GS'] as const;
const SCHEMES: Record<StorageVolume['type'], string[]> = {
  S3: ['s3'],
  HDFS: ['hdfs'],
  AZBLOB: ['azblob'],
  ADLS2: ['adls2'],
  GS: ['gs'],
};

/** CloudConfigurationConstants: the parameter names a volume may carry (StorageVolumeMgr.validateParams). */
const PARAM_NAMES = new Set([
  'aws.s3.region',
  'aws.s3.endpoint',
  'aws.s3.use_aws_sdk_default_behavior',
  'aws.s3.use_instance_profile',
  'aws.s3.access_key',
  'aws.s3.secret_key',
  'aws.s3.iam_role_arn',
  'aws.s3.external_id',
  'aws.s3.sts.region',
  'aws.s3.sts.endpoint',
  'aws.s3.enable_ssl',
  'aws.s3.enable_path_style_access',
  'aws.s3.enable_partitioned_prefix',
  'aws.s3.num_partitioned_prefix',
  'azure.blob.shared_key',
  'azure.blob.sas_token',
  'azure.blob.endpoint',
  'azure.adls2.shared_key',
  'azure.adls2.sas_token',
  'azure.adls2.endpoint',
  'azure.adls2.oauth2_use_managed_identity',
  'azure.adls2.oauth2_tenant_id',
  'azure.adls2.oauth2_client_id',
  'gcp.gcs.service_account_email',
  'gcp.gcs.service_account_private_key_id',
  'gcp.gcs.service_account_private_key',
  'gcp.gcs.use_compute_engine_service_account',
  'hadoop.security.authentication',
  'username',
]);

const touch = (fe: FeState) => fe.onChange();

function requireSharedData(fe: FeState): void {
  if (fe.options.runMode !== 'shared_data') {
    throw ddlError(`Storage volume is not supported in run mode "${fe.options.runMode.toUpperCase()}"`);
  }
}

export const volumeByName = (fe: FeState, name: string): StorageVolume | undefined => fe.catalog.storageVolumes.get(name);

export function defaultVolume(fe: FeState): StorageVolume | undefined {
  const name = fe.catalog.defaultStorageVolume;
  return name ? fe.catalog.storageVolumes.get(name) : fe.catalog.storageVolumes.get(fe.options.builtinVolumeName);
}

/** Splits `enabled` out of the properties (StorageVolumeMgr.parseProperties) and validates the rest. */
function parseParams(props: Record<string, string>): { params: Record<string, string>; enabled: boolean | null } {
  const params: Record<string, string> = {};
  let enabled: boolean | null = null;
  for (const [k, v] of Object.entries(props)) {
    if (k === 'enabled') enabled = v.trim().toLowerCase() === 'true';
    else params[k] = v;
  }
  for (const k of Object.keys(params)) if (!PARAM_NAMES.has(k)) throw ddlError(`Invalid properties ${k}`);
  return { params, enabled };
}

function checkLocations(type: StorageVolume['type'], locations: string[]): void {
  if (locations.length === 0) throw semanticError('Storage volume locations can not be empty');
  for (const loc of locations) {
    const m = /^([a-z0-9]+):\/\/([^/]+)/i.exec(loc);
    if (!m || !SCHEMES[type].includes(m[1]!.toLowerCase())) throw semanticError(`Invalid location ${loc}`);
  }
}

/**
 * StorageVolumeAccessChecker.check (PR #70053), when enable_storage_volume_access_check is on: a probe file written
 * at every location with the volume's credentials; the first refusal fails the statement.
 */
function checkAccess(fe: FeState, name: string, type: string, locations: readonly string[], params: Readonly<Record<string, string>>): void {
  if (!fe.config.getBool('enable_storage_volume_access_check')) return;
  for (const location of locations) {
    const error = s3AccessError(fe.options.objectStore, location, params);
    if (error !== null) {
      throw ddlError(
        `Storage volume accessibility check failed. storage volume: '${name}', type: '${type}', location: '${location}', error: ${error}`,
      );
    }
  }
}

/** CREATE STORAGE VOLUME; returns the new volume (or null for IF NOT EXISTS on an existing one). */
export function createStorageVolume(fe: FeState, stmt: CreateStorageVolumeStmt): StorageVolume | null {
  requireSharedData(fe);
  checkStorageVolumeName(stmt.name);
  const type = stmt.type.toUpperCase();
  if (!(TYPES as readonly string[]).includes(type)) throw semanticError(`Unsupported storage volume type: ${stmt.type}`);
  const { params, enabled } = parseParams(stmt.properties);
  if (fe.catalog.storageVolumes.has(stmt.name)) {
    if (stmt.ifNotExists) return null;
    throw ddlError(`Storage volume '${stmt.name}' already exists`);
  }
  checkLocations(type as StorageVolume['type'], stmt.locations);
  checkAccess(fe, stmt.name, type, stmt.locations, params);
  const sv: StorageVolume = {
    id: randomUUID(),
    name: stmt.name,
    type: type as StorageVolume['type'],
    locations: [...stmt.locations],
    params,
    enabled: enabled ?? true,
    comment: stmt.comment ?? '',
    virtualTabletIds: {},
  };
  fe.catalog.storageVolumes.set(sv.name, sv);
  touch(fe);
  return sv;
}

/** Dbs and tables bound to a volume (StorageVolumeMgr.storageVolumeToDbs / ToTables). */
export function volumeReferences(fe: FeState, sv: StorageVolume): { dbs: number[]; tables: number[] } {
  const dbs: number[] = [];
  const tables: number[] = [];
  for (const db of fe.catalog.databases.values()) {
    if (db.storageVolumeId === sv.id) dbs.push(db.id);
    for (const t of db.tables.values()) if (t.kind === 'olap' && t.storageVolumeId === sv.id) tables.push(t.id);
  }
  return { dbs, tables };
}

export function dropStorageVolume(fe: FeState, stmt: DropStorageVolumeStmt): void {
  requireSharedData(fe);
  const sv = fe.catalog.storageVolumes.get(stmt.name);
  if (!sv) {
    if (stmt.ifExists) return;
    throw ddlError(`Storage volume '${stmt.name}' does not exist`);
  }
  if (defaultVolume(fe)?.id === sv.id) throw ddlError('default storage volume can not be removed');
  const { dbs, tables } = volumeReferences(fe, sv);
  if (dbs.length > 0 || tables.length > 0) {
    throw ddlError(
      `Storage volume '${sv.name}' is referenced by dbs or tables, dbs: ${dbs.length ? javaLongSetToString(dbs) : '[]'}, tables: ${tables.length ? javaLongSetToString(tables) : '[]'}`,
    );
  }
  fe.catalog.storageVolumes.delete(sv.name);
  touch(fe);
}

export function alterStorageVolume(fe: FeState, stmt: AlterStorageVolumeStmt): void {
  requireSharedData(fe);
  const { params, enabled } = parseParams(stmt.properties);
  const sv = fe.catalog.storageVolumes.get(stmt.name);
  if (!sv) throw ddlError(`Storage volume '${stmt.name}' does not exist`);
  if (enabled === false && defaultVolume(fe)?.id === sv.id) throw ddlError('Default volume can not be disabled');
  if (Object.keys(params).length > 0) checkAccess(fe, sv.name, sv.type, sv.locations, { ...sv.params, ...params });
  if (enabled !== null) sv.enabled = enabled;
  if (stmt.comment) sv.comment = stmt.comment;
  // StorageVolume.setCloudConfiguration merges the new parameters into the existing ones.
  if (Object.keys(params).length > 0) sv.params = { ...sv.params, ...params };
  touch(fe);
}

export function setDefaultStorageVolume(fe: FeState, stmt: SetDefaultStorageVolumeStmt): void {
  requireSharedData(fe);
  const sv = fe.catalog.storageVolumes.get(stmt.name);
  if (!sv) throw ddlError(`Storage volume '${stmt.name}' does not exist`);
  if (!sv.enabled) throw ddlError(`Storage volume '${stmt.name}' is disabled`);
  fe.catalog.defaultStorageVolume = sv.name;
  touch(fe);
}

/**
 * SharedDataStorageVolumeMgr.createBuiltinStorageVolume: the `builtin_storage_volume` (fe.options) from the FE's
 * aws_s3_* configuration, made the default if there is none. Idempotent; no-op in shared_nothing mode.
 */
export function ensureBuiltinStorageVolume(fe: FeState): StorageVolume | null {
  if (fe.options.runMode !== 'shared_data') return null;
  const name = fe.options.builtinVolumeName;
  let sv = fe.catalog.storageVolumes.get(name);
  if (!sv) {
    sv = {
      id: name,
      name,
      type: 'S3',
      locations: [fe.options.builtinVolumeLocation],
      params: {
        'aws.s3.region': 'us-east-1',
        'aws.s3.endpoint': '',
        'aws.s3.access_key': 'simulator',
        'aws.s3.secret_key': 'simulator',
        'aws.s3.use_aws_sdk_default_behavior': 'false',
        'aws.s3.use_instance_profile': 'false',
        'aws.s3.iam_role_arn': '',
        'aws.s3.external_id': '',
      },
      enabled: true,
      comment: '',
      virtualTabletIds: {},
    };
    fe.catalog.storageVolumes.set(name, sv);
    touch(fe);
  }
  if (!fe.catalog.defaultStorageVolume) {
    fe.catalog.defaultStorageVolume = name;
    touch(fe);
  }
  return sv;
}

/** SharedDataStorageVolumeMgr.getStorageVolumeIdOfDb: the volume CREATE DATABASE binds to. */
export function volumeForDb(fe: FeState, svKey: string): string {
  if (svKey === '' || svKey === 'default') {
    const sv = defaultVolume(fe);
    if (!sv) throw ddlError('Default storage volume not exists, it should be created first');
    return sv.id;
  }
  const sv = fe.catalog.storageVolumes.get(svKey);
  if (!sv) throw ddlError(`Unknown storage volume "${svKey}"`);
  return sv.id;
}

/** SharedDataStorageVolumeMgr.getStorageVolumeIdOfTable: property value '' = the db's volume. */
export function volumeForTable(fe: FeState, db: Database, svKey: string): string {
  if (svKey === 'local') throw ddlError('Cannot create table without persistent volume in current run mode "shared_data"');
  if (svKey === '') {
    if (db.storageVolumeId) return db.storageVolumeId;
    const sv = fe.catalog.storageVolumes.get(fe.options.builtinVolumeName);
    if (!sv) throw ddlError('Builtin storage volume not exists, please check the params in config');
    return sv.id;
  }
  return volumeForDb(fe, svKey);
}
