#!/usr/bin/env node
/* global URL */
// srsync-sim in the release package: the simulator of a StarRocks 4.1 shared-data cluster, compiled into lib-sim/
// (never into lib/, which holds only the tool). `bin/srsync-sim.js start --help` lists its options.
const cli = await import(new URL('../lib-sim/sim/cli.js', import.meta.url).href);
try {
  process.exit(await cli.main(process.argv));
} catch (e) {
  process.stderr.write(`srsync-sim: ${e?.stack ?? e}\n`);
  process.exit(1);
}
