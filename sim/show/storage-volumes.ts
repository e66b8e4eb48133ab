// SHOW STORAGE VOLUMES [LIKE] and DESC STORAGE VOLUME (StorageVolume.getProcNodeData, reference §6.4).
import { SimError } from '../fe/errors.js';
import type { FeState } from '../fe/state.js';
import { gsonJson, likePredicate } from './format.js';
import { resultSet, varcharColumns, type ResultSet } from './result-set.js';

export const DESC_STORAGE_VOLUME_COLUMNS = ['Name', 'Type', 'IsDefault', 'Location', 'Params', 'Enabled', 'Comment'] as const;

/** StorageVolume.addMaskForCredential: these keys print as `******`. */
export const CREDENTIAL_KEYS: ReadonlySet<string> = new Set([
  'aws.s3.access_key',
  'aws.s3.secret_key',
  'azure.blob.shared_key',
  'azure.blob.sas_token',
  'azure.adls2.shared_key',
  'azure.adls2.sas_token',
  'azure.blob.oauth2_client_secret',
  'azure.adls2.oauth2_client_secret',
  'gcp.gcs.service_account_email',
  'gcp.gcs.service_account_private_key_id',
  'gcp.gcs.service_account_private_key',
]);

export function maskedParams(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) out[k] = CREDENTIAL_KEYS.has(k) ? '******' : v;
  return out;
}

export function showStorageVolumes(fe: FeState, likePattern?: string): ResultSet {
  const match = likePredicate(likePattern);
  const names = [...fe.catalog.storageVolumes.keys()].filter(match).sort();
  return resultSet(
    varcharColumns(['Storage Volume']),
    names.map((n) => [n]),
  );
}

export function descStorageVolume(fe: FeState, name: string): ResultSet {
  const v = fe.catalog.storageVolumes.get(name);
  if (!v) throw new SimError(1064, `Getting analyzing error. Detail message: Unknown storage volume "${name}".`, '42000');
  const defaultName = fe.catalog.defaultStorageVolume;
  const isDefault = defaultName === v.name || defaultName === v.id;
  return resultSet(varcharColumns(DESC_STORAGE_VOLUME_COLUMNS), [
    [v.name, v.type, String(isDefault), v.locations.join(', '), gsonJson(maskedParams(v.params)), String(v.enabled), v.comment],
  ]);
}
