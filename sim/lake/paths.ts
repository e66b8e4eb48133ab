// Object-storage layout of a shared-data table (StarRocks be/src/storage/lake/filenames.h, location_provider.h):
//   <volume location>/<service_id>/db<dbId>/<tableId>/<physicalPartitionId>/{meta,data}/
//   tablet metadata: meta/<tabletId:016X>_<version:016X>.meta ; segments and other files under data/.
// The simulated object store maps `s3://bucket/prefix` to `<objectStore>/bucket/prefix`.
import path from 'node:path';
import type { StorageVolume } from '../catalog/model.js';
import { SimError } from '../fe/errors.js';

export const hex16 = (n: number): string => n.toString(16).toUpperCase().padStart(16, '0');

export function tabletMetaName(tabletId: number, version: number): string {
  return `${hex16(tabletId)}_${hex16(version)}.meta`;
}

/** Parses `<tabletId:016X>_<version:016X>.meta`; null for anything else. */
export function parseTabletMetaName(name: string): { tabletId: number; version: number } | null {
  const m = /^([0-9A-F]{16})_([0-9A-F]{16})\.meta$/.exec(name);
  if (!m) return null;
  return { tabletId: parseInt(m[1]!, 16), version: parseInt(m[2]!, 16) };
}

/** `s3://bucket/a/b/` → `s3://bucket/a/b` (no trailing slash). */
export function trimLocation(location: string): string {
  return location.replace(/\/+$/, '');
}

export function tableUri(volume: StorageVolume, serviceId: string, dbId: number, tableId: number): string {
  return `${trimLocation(volume.locations[0]!)}/${serviceId}/db${dbId}/${tableId}`;
}

export function partitionUri(volume: StorageVolume, serviceId: string, dbId: number, tableId: number, physicalPartitionId: number): string {
  return `${tableUri(volume, serviceId, dbId, tableId)}/${physicalPartitionId}`;
}

export class ObjectStore {
  constructor(readonly root: string) {}

  /** `s3://bucket/x/y` → `<root>/bucket/x/y`. Only s3:// is simulated. */
  localPath(uri: string): string {
    const m = /^s3:\/\/([^/]+)(\/.*)?$/.exec(uri);
    if (!m) throw new SimError(1064, `Unsupported location: ${uri}`);
    const rest = (m[2] ?? '').replace(/^\/+/, '');
    const resolved = path.resolve(this.root, m[1]!, rest);
    if (!resolved.startsWith(path.resolve(this.root))) throw new SimError(1064, `Invalid location: ${uri}`);
    return resolved;
  }
}
