// Where srsync is installed and which version it is: one rule for every command (run, check-config, verify,
// status). The packaged layout is `<root>/lib/src/*.js` (scripts/package.sh bundles the tool there with
// scripts/bundle-tool.mjs); from a checkout it is `src/util/install.ts`.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** This module's directory: `<root>/lib/src` when packaged (a bundle chunk), `<checkout>/src/util` otherwise. */
const utilDir = path.dirname(fileURLToPath(import.meta.url));

/** `<root>` when running from `<root>/lib/src` (the bundle) or `<root>/lib/src/util` (one file per module), else undefined. */
export function packagedRoot(dir: string = utilDir): string | undefined {
  for (const srcDir of [dir, path.dirname(dir)]) {
    if (path.basename(srcDir) === 'src' && path.basename(path.dirname(srcDir)) === 'lib') return path.resolve(srcDir, '../..');
  }
  return undefined;
}

/** Where conf/ and log/ live by default: $SRSYNC_HOME, else the packaged install root, else the working directory. */
export function defaultHome(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env['SRSYNC_HOME'] || packagedRoot() || process.cwd());
}

/** `--conf DIR` if given, else `<home>/conf`. */
export function confDirOf(conf: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(conf ?? path.join(defaultHome(env), 'conf'));
}

/** The version in srsync's own package.json (the nearest one named srsync above this module). */
export function srsyncVersion(): string {
  for (let dir = utilDir; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'srsync' && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
