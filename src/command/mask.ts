// Secrets out of every line a read-only command prints (the logger's masking rule: strings of MIN_SECRET_LENGTH+).
import { configSecrets, type SyncConfig } from '../config/index.js';
import { MASK, MIN_SECRET_LENGTH } from '../log/logger.js';

export type Mask = (text: string) => string;

/** Replaces each secret of MIN_SECRET_LENGTH or more characters (longest first) by MASK. */
export function maskWith(secrets: readonly string[]): Mask {
  const long = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  return (text) => long.reduce((t, s) => t.split(s).join(MASK), text);
}

/** The mask of a config's secrets (passwords, keys, token). */
export const configMask = (config: SyncConfig): Mask => maskWith(configSecrets(config));
