#!/usr/bin/env bash
# Rehearses the whole procedure on two simulated clusters, before touching production:
#   bin/rehearse.sh [--dir DIR] [--keep]
# Starts a source and a target StarRocks shared-data cluster (bin/srsync-sim.js), loads a sample catalog on the
# source, writes a conf/ for them in a scratch directory (DIR, default a new one under $TMPDIR) and runs
#   check-config, check, prepare --yes, check, plan, bin/start.sh, status, pause, resume, verify --rows,
#   cutover --yes, finish --yes
# printing each command and its output, then stops the clusters. It never reads or changes this package's conf/,
# log/ or srsync.pid. Takes well under a minute. Exit codes: 0 every step ended as expected; 1 one did not (the scratch
# directory is kept for a look); 2 bad arguments (e.g. a --dir that is not empty) or Node.js missing.
set -u

BIN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HOME_DIR="$(cd "$BIN_DIR/.." && pwd)"
NODE="${NODE:-node}"

if ! command -v "$NODE" >/dev/null 2>&1; then
  echo "rehearse.sh: '$NODE' not found; srsync needs Node.js >= 20.19 in PATH (or set NODE=/path/to/node)" >&2
  exit 2
fi
exec "$NODE" "$HOME_DIR/lib-sim/packaging/rehearsal/rehearse.js" --package "$HOME_DIR" "$@"
