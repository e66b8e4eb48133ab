// ADMIN SHOW FRONTEND CONFIG [LIKE 'pat'] (ConfigBase.getConfigInfo, reference §6.3): one row per known key in
// Config.java declaration order (not sorted), `AliasNames` `[]`, `Type` the Java type, `IsMutable` true/false.
import type { FeState } from '../fe/state.js';
import { likePredicate } from './format.js';
import { resultSet, varcharColumns, type ResultSet } from './result-set.js';

export const FRONTEND_CONFIG_COLUMNS = ['Key', 'AliasNames', 'Value', 'Type', 'IsMutable', 'Comment'] as const;

export function adminShowFrontendConfig(fe: FeState, likePattern?: string): ResultSet {
  const match = likePredicate(likePattern);
  const rows = fe.config
    .defs()
    .filter((d) => match(d.key))
    .map((d) => [d.key, '[]', fe.config.get(d.key), d.type, d.mutable ? 'true' : 'false', d.comment]);
  return resultSet(varcharColumns(FRONTEND_CONFIG_COLUMNS), rows);
}
