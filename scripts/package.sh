#!/usr/bin/env bash
# Builds the release tarball build/srsync-<version>.tar.gz: a layout like starrocks-cluster-sync's
#   srsync-<version>/
#     README.md            for the DBA (packaging/README-DBA.md): install, the procedure, exit codes, troubleshooting
#     bin/                 srsync.js, start.sh, stop.sh; srsync-sim.js and rehearse.sh (the one-command rehearsal)
#     conf/                sync.properties, hosts.properties
#     lib/                 the tool (src + idl + its dependencies, bundled); never the simulator
#     lib-sim/             the simulator and the rehearsal (compiled sim + idl + packaging/rehearsal)
#     log/                 empty; bin/start.sh writes sync.INFO.log, sync.WARN.log, sync.out here
#     monitoring/          srsync-dashboard.json (Grafana), srsync-rules.yml (Prometheus alerting rules)
#     doc/reference.md     the project README: every key, command and figure in detail
#     node_modules/        production dependencies only; package.json
# that runs on a machine with only Node.js (>= 20.19) after tar -xzf. Then smoke-tests the extracted tarball in a
# temporary directory, including a full bin/rehearse.sh (skip the smoke test with SKIP_SMOKE=1, only the rehearsal
# with SKIP_REHEARSAL=1).
set -euo pipefail
trap 'echo "package.sh: failed at line $LINENO" >&2' ERR

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VERSION="$(node -p "require('./package.json').version")"
NAME="srsync-$VERSION"
OUT="$ROOT/build"
TARBALL="$OUT/$NAME.tar.gz"
# Staged in a temporary directory, not under build/ (a compiled tree in the checkout would be linted as sources): only
# the tarball stays. The smoke test extracts it into another temporary directory (TMP, PKG below).
WORK="$(mktemp -d)"
STAGE="$WORK/$NAME"
TMP=""
PKG=""
# Never leave a started srsync or a temporary directory behind, even when a check fails.
cleanup() {
  if [ -n "$TMP" ]; then
    for p in "$PKG/srsync.pid" "$TMP/rehearsal/srsync.pid"; do
      if [ -f "$p" ]; then kill -9 "$(cat "$p")" 2>/dev/null || true; fi
    done
    rm -rf "$TMP"
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building $NAME"
mkdir -p "$OUT"
rm -rf "${OUT:?}/$NAME" "$TARBALL"
mkdir -p "$STAGE/bin" "$STAGE/conf" "$STAGE/log" "$STAGE/monitoring" "$STAGE/doc"

# The tool, type-checked, then bundled (scripts/bundle-tool.mjs): lib/src/cli.js and the chunks its commands load,
# the generated Thrift code and the npm dependencies inside; the bundler refuses anything from sim/ or test/.
npx tsc -p tsconfig.package.json --noEmit
node scripts/bundle-tool.mjs "$STAGE"
if [ -d "$STAGE/lib/sim" ] || [ -d "$STAGE/lib/test" ]; then
  echo "package.sh: the simulator or tests leaked into lib/ (src must not import sim/)" >&2
  exit 1
fi

# The simulator and the rehearsal, in their own directory: lib-sim/{sim,idl,packaging/rehearsal}/**.
npx tsc -p tsconfig.package-sim.json --outDir "$STAGE/lib-sim"
cp idl/gen/package.json "$STAGE/lib-sim/idl/gen/package.json"
if [ -d "$STAGE/lib-sim/src" ] || [ -d "$STAGE/lib-sim/test" ] || [ -d "$STAGE/lib/packaging" ]; then
  echo "package.sh: the tool or tests leaked into lib-sim/, or the rehearsal into lib/ (sim must not import src/)" >&2
  exit 1
fi

cp bin/srsync.js bin/start.sh bin/stop.sh packaging/bin/srsync-sim.js packaging/bin/rehearse.sh "$STAGE/bin/"
chmod +x "$STAGE/bin/"*
cp conf/sync.properties conf/hosts.properties "$STAGE/conf/"
cp packaging/grafana/srsync-dashboard.json packaging/prometheus/srsync-rules.yml "$STAGE/monitoring/"
sed "s/@VERSION@/$VERSION/g" packaging/README-DBA.md > "$STAGE/README.md"
cp README.md "$STAGE/doc/reference.md"

# package.json with the production dependencies only.
node -e '
  const pkg = require("./package.json");
  const out = { name: pkg.name, version: pkg.version, description: pkg.description, type: pkg.type,
    license: pkg.license, engines: pkg.engines, bin: { srsync: "bin/srsync.js", "srsync-sim": "bin/srsync-sim.js" }, dependencies: pkg.dependencies };
  require("fs").writeFileSync(process.argv[1], JSON.stringify(out, null, 2) + "\n");
' "$STAGE/package.json"

# node_modules: copy the installed production dependency tree (no network needed), keeping its layout. The closure
# is computed with Node's own lookup rule (nearest node_modules upwards), following dependencies and the optional
# and peer dependencies that are installed.
node - "$ROOT" > "$WORK/prod-deps.txt" <<'JS'
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
done < "$WORK/prod-deps.txt"
rm -rf "$STAGE/node_modules/.bin"

tar -C "$WORK" -czf "$TARBALL" "$NAME"
echo "== wrote $TARBALL ($(du -h "$TARBALL" | cut -f1))"

[ "${SKIP_SMOKE:-0}" = "1" ] && exit 0

echo "== smoke test of the extracted tarball"
TMP="$(mktemp -d)"
PKG="$TMP/$NAME"
tar -C "$TMP" -xzf "$TARBALL"
NODE_DIR="$(dirname "$(command -v node)")"
# Only node on PATH, no NODE_PATH, and a directory with no node_modules above it.
clean() { env -i HOME="$TMP" PATH="$NODE_DIR:/usr/bin:/bin" "$@"; }

clean node "$PKG/bin/srsync.js" version | grep -q "srsync $VERSION"
grep -q "^# srsync $VERSION" "$PKG/README.md"
clean node "$PKG/bin/srsync-sim.js" start --help | grep -q -- '--object-store'
node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$PKG/monitoring/srsync-dashboard.json"

# The one-command rehearsal, in the extracted folder, with only node on PATH. It must leave the package's own conf/,
# log/ and pid file as they were.
if [ "${SKIP_REHEARSAL:-0}" != "1" ]; then
  conf_before="$(cat "$PKG/conf/"* | cksum)"
  started=$SECONDS
  rc=0
  (cd / && clean bash "$PKG/bin/rehearse.sh" --dir "$TMP/rehearsal") > "$TMP/rehearse.out" 2>&1 || rc=$?
  if [ "$rc" != 0 ] || ! grep -q '^REHEARSAL PASSED' "$TMP/rehearse.out"; then
    cat "$TMP/rehearse.out" >&2
    echo "package.sh: bin/rehearse.sh ended with exit code $rc" >&2
    exit 1
  fi
  echo "== rehearsal passed in $((SECONDS - started)) s ($(grep -c '^\$ ' "$TMP/rehearse.out") commands)"
  grep -q '^\$ bin/srsync.js cutover --conf' "$TMP/rehearse.out"
  grep -q '^\$ bin/srsync.js finish --conf' "$TMP/rehearse.out"
  [ ! -e "$TMP/rehearsal" ]
  [ ! -e "$PKG/srsync.pid" ]
  [ -z "$(ls -A "$PKG/log")" ]
  [ "$(cat "$PKG/conf/"* | cksum)" = "$conf_before" ]
fi

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

# start.sh / stop.sh from another working directory, on the packaged conf/ (the valid config above): nothing listens on
# ports 1 and 2, so start.sh reports srsync's refusal in one line with its exit code and leaves no pid file. (A start
# that passes its checks, and its stop, are steps of the rehearsal above.)
cp "$TMP/conf/sync.properties" "$PKG/conf/sync.properties"
rc=0
(cd / && clean bash "$PKG/bin/start.sh") > "$TMP/start.out" 2> "$TMP/start.err" || rc=$?
[ "$rc" = 3 ]
grep -q "^srsync failed to start (exit code 3): cannot log in to the source cluster at 127.0.0.1:1 as 'root'" "$TMP/start.err"
[ ! -f "$PKG/srsync.pid" ]
grep -q 'starting' "$PKG/log/sync.INFO.log"
(cd / && clean bash "$PKG/bin/stop.sh" --timeout 30) > "$TMP/stop.out"
[ ! -f "$PKG/srsync.pid" ]
echo "== smoke test passed"
