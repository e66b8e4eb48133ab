#!/usr/bin/env bash
# Regenerates idl/gen from idl/starrocks.thrift (needs Debian's thrift-compiler 0.17: apt-get install thrift-compiler).
# The output is committed, so builds and CI never need the compiler.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf gen.tmp && mkdir gen.tmp
thrift -r --gen js:node,ts,es6 -out gen.tmp starrocks.thrift
rm -rf gen && mv gen.tmp gen
echo '{"type":"commonjs"}' > gen/package.json
