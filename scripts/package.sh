#!/usr/bin/env bash
# Builds the release tarball build/srsync-<version>.tar.gz: a layout like starrocks-cluster-sync's
#   srsync-<version>/{bin/{srsync.js,start.sh,stop.sh}, conf/{sync,hosts}.properties, lib/ (compiled src + idl),
#                    node_modules/ (production dependencies only), package.json, README.md}
# that runs on a machine with only Node.js (>= 20.19) after tar -xzf. Then smoke-tests the extracted tarball in a
# temporary directory (skip with SKIP_SMOKE=1).
set -euo pipefail
trap 'echo "package.sh: failed at line $LINENO" >&2' ERR

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VERSION="$(node -p "require('./package.json').version")"
NAME="srsync-$VERSION"
OUT="$ROOT/build"
STAGE="$OUT/$NAME"
TARBALL="$OUT/$NAME.tar.gz"

echo "== building $NAME"
rm -rf "$STAGE" "$TARBALL"
mkdir -p "$STAGE/bin" "$STAGE/conf"

# Compiled tool: lib/src/**, lib/idl/** (the generated Thrift code is CommonJS next to a package.json saying so).
npx tsc -p tsconfig.package.json --outDir "$STAGE/lib"
cp idl/gen/package.json "$STAGE/lib/idl/gen/package.json"
if [ -d "$STAGE/lib/sim" ] || [ -d "$STAGE/lib/test" ]; then
  echo "package.sh: the simulator or tests leaked into lib/ (src must not import sim/)" >&2
  exit 1
fi

cp bin/srsync.js bin/start.sh bin/stop.sh "$STAGE/bin/"
chmod +x "$STAGE/bin/"*
cp conf/sync.properties conf/hosts.properties "$STAGE/conf/"

# package.json with the production dependencies only.
node -e '
  const pkg = require("./package.json");
  const out = { name: pkg.name, version: pkg.version, description: pkg.description, type: pkg.type,
    license: pkg.license, engines: pkg.engines, bin: { srsync: "bin/srsync.js" }, dependencies: pkg.dependencies };
  require("fs").writeFileSync(process.argv[1], JSON.stringify(out, null, 2) + "\n");
' "$STAGE/package.json"

# node_modules: copy the installed production dependency tree (no network needed), keeping its layout. The closure
# is computed with Node's own lookup rule (nearest node_modules upwards), following dependencies and the optional
# and peer dependencies that are installed.
node - "$ROOT" > "$OUT/prod-deps.txt" <<'JS'
const fs = require('fs'), path = require('path');
const root = process.argv[2];
const readPkg = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
const find = (name, fromDir) => {
  for (let d = fromDir; ; d = path.dirname(d)) {
    const cand = path.join(d, 'node_modules', name);
    if (fs.existsSync(path.join(cand, 'package.json'))) return cand;
    if (d === root || path.dirname(d) === d) return undefined;
  }
};
const seen = new Set();
const visit = (dir, deps, required) => {
  for (const name of Object.keys(deps)) {
    const found = find(name, dir);
    if (!found) { if (required.has(name)) { console.error(`package.sh: dependency ${name} of ${dir} is not installed`); process.exit(1); } continue; }
    if (seen.has(found)) continue;
    seen.add(found);
    const p = readPkg(found);
    const all = { ...p.peerDependencies, ...p.optionalDependencies, ...p.dependencies };
    visit(found, all, new Set(Object.keys(p.dependencies || {})));
  }
};
const top = readPkg(root).dependencies || {};
visit(root, top, new Set(Object.keys(top)));
for (const d of [...seen].sort()) console.log(path.relative(root, d));
JS
while read -r rel; do
  case "$rel" in node_modules/*) ;; *) echo "package.sh: unexpected dependency path $rel" >&2; exit 1 ;; esac
  [ -e "$STAGE/$rel" ] || cp -a --parents "$rel" "$STAGE/"
done < "$OUT/prod-deps.txt"
rm -f "$OUT/prod-deps.txt"
rm -rf "$STAGE/node_modules/.bin"

if [ -f README.md ]; then cp README.md "$STAGE/README.md"; else
cat > "$STAGE/README.md" <<README
# srsync $VERSION

Migrates a StarRocks shared-data cluster to another shared-data cluster (v4.1 or later). A drop-in
replacement for starrocks-cluster-sync: same conf/sync.properties, conf/hosts.properties, bin/start.sh,
bin/stop.sh and log/sync.INFO.log.

Needs Node.js >= 20.19 in PATH.

    vi conf/sync.properties          # source_fe_host, target_fe_host, users, passwords, ...
    bin/srsync.js check-config       # validate; prints the effective configuration (passwords masked)
    bin/start.sh                     # runs in the background; progress in log/sync.INFO.log
    bin/stop.sh                      # graceful stop

Encrypted passwords: set *_password_secret_key and put the output of
\`bin/srsync.js encrypt --password '<password>' --key '<key>'\` (the same as MySQL's
SELECT TO_BASE64(AES_ENCRYPT('<password>', '<key>'))) in *_cluster_password.

Foreground run: bin/srsync.js run [--conf DIR] [--log-dir DIR]. Exit codes: 0 ok, 1 internal error,
2 configuration error, 3 cluster refused (connectivity, privileges, version), 4 synchronization error.
README
fi

tar -C "$OUT" -czf "$TARBALL" "$NAME"
echo "== wrote $TARBALL ($(du -h "$TARBALL" | cut -f1))"

[ "${SKIP_SMOKE:-0}" = "1" ] && exit 0

echo "== smoke test of the extracted tarball"
TMP="$(mktemp -d)"
PKG="$TMP/$NAME"
# Never leave a started srsync behind, even when a check fails.
trap 'if [ -f "$PKG/srsync.pid" ]; then kill -9 "$(cat "$PKG/srsync.pid")" 2>/dev/null || true; fi; rm -rf "$TMP"' EXIT
tar -C "$TMP" -xzf "$TARBALL"
NODE_DIR="$(dirname "$(command -v node)")"
# Only node on PATH, no NODE_PATH, and a directory with no node_modules above it.
clean() { env -i HOME="$TMP" PATH="$NODE_DIR:/usr/bin:/bin" "$@"; }

clean node "$PKG/bin/srsync.js" version | grep -q "srsync $VERSION"

mkdir -p "$TMP/conf"
# Ports 1 and 2: nothing listens there, so the smoke test can never touch a real local StarRocks.
sed -e 's/^source_fe_host=.*/source_fe_host=127.0.0.1/' -e 's/^target_fe_host=.*/target_fe_host=127.0.0.1/' \
  -e 's/^source_fe_query_port=.*/source_fe_query_port=1/' -e 's/^target_fe_query_port=.*/target_fe_query_port=2/' \
  -e 's/^source_cluster_password_secret_key=.*/source_cluster_password_secret_key=key/' \
  -e 's|^source_cluster_password=.*|source_cluster_password=3o8FZWjtnDJX870XGWZNiA==|' \
  "$PKG/conf/sync.properties" > "$TMP/conf/sync.properties"
printf 'TARGET_fe-0.local=10.1.2.1;9030:19030\n' > "$TMP/conf/hosts.properties"
(cd "$TMP" && clean node "$PKG/bin/srsync.js" check-config --conf "$TMP/conf") > "$TMP/check.out"
grep -q '^source_cluster_password=\*\*\*\*\*\*$' "$TMP/check.out"
grep -q 'configuration OK' "$TMP/check.out"
[ "$(clean node "$PKG/bin/srsync.js" encrypt --password pwd --key key)" = "3o8FZWjtnDJX870XGWZNiA==" ]

# A bad config is refused with exit code 2 and one line on stderr.
printf 'source_fe_host=h1\ntarget_fe_host=h2\nsource_fe_query_port=abc\n' > "$TMP/bad.properties"
mkdir -p "$TMP/bad" && mv "$TMP/bad.properties" "$TMP/bad/sync.properties"
rc=0
clean node "$PKG/bin/srsync.js" check-config --conf "$TMP/bad" 2> "$TMP/bad.err" || rc=$?
[ "$rc" = 2 ]
[ "$(wc -l < "$TMP/bad.err")" = 1 ]
grep -q "source_fe_query_port = 'abc'" "$TMP/bad.err"

# start.sh / stop.sh from another working directory; the packaged conf/ gets the valid config.
cp "$TMP/conf/sync.properties" "$PKG/conf/sync.properties"
(cd / && clean bash "$PKG/bin/start.sh") > "$TMP/start.out"
[ -f "$PKG/srsync.pid" ]
rc=0
(cd / && clean bash "$PKG/bin/start.sh") 2> "$TMP/start2.err" || rc=$?
# A second start is refused while the first still runs (the engine may have stopped already: then it is a new start).
if [ "$rc" = 1 ]; then grep -q 'already running' "$TMP/start2.err"; fi
# Wait until the process has started logging (node boots in a fraction of a second; give it 20 s at most).
for _ in $(seq 200); do grep -qs 'starting' "$PKG/log/sync.INFO.log" && break; sleep 0.1; done
grep -q 'starting' "$PKG/log/sync.INFO.log"
(cd / && clean bash "$PKG/bin/stop.sh" --timeout 30) > "$TMP/stop.out"
[ ! -f "$PKG/srsync.pid" ]
echo "== smoke test passed"
