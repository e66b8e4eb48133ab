export { loadConfig, loadHostMap, parseSyncProperties, SYNC_PROPERTIES, HOSTS_PROPERTIES, type LoadedConfig } from './load.js';
export {
  KEY_SPECS,
  SPEC_BY_KEY,
  clusterLogin,
  configSecrets,
  type SyncConfig,
  type SyncConfigField,
  type KeySpec,
  type ClusterLogin,
} from './sync-config.js';
export type { DataListEntry, LogLevelName } from './values.js';
export { createHostMap, parseHostMap, EMPTY_HOST_MAP, type HostMap, type HostMapping, type Address, type Side } from './hosts.js';
export { encryptPassword, decryptPassword, WrongKeyError } from './password.js';
export { redact, describeConfig, MASK } from './redact.js';
export { parseProperties, readPropertiesFile, displayPath, type PropertiesDocument, type PropertyEntry } from './properties.js';
