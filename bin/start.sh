#!/usr/bin/env bash
# Starts srsync in the background, like starrocks-cluster-sync's bin/start.sh:
#   bin/start.sh [--conf DIR]
# conf: <home>/conf unless --conf; logs: <home>/log (sync.INFO.log, sync.WARN.log; stdout/stderr in sync.out);
# pid file: <home>/srsync.pid. <home> is the directory above this script. Works from any working directory.
set -u

BIN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HOME_DIR="$(cd "$BIN_DIR/.." && pwd)"
CONF_DIR="$HOME_DIR/conf"
LOG_DIR="${SRSYNC_LOG_DIR:-$HOME_DIR/log}"
PID_FILE="${SRSYNC_PID_FILE:-$HOME_DIR/srsync.pid}"
NODE="${NODE:-node}"

usage() { echo "usage: $0 [--conf DIR]"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --conf)
      if [ $# -lt 2 ]; then usage >&2; exit 2; fi
      CONF_DIR="$2"; shift 2 ;;
    --conf=*) CONF_DIR="${1#--conf=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "start.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

if [ ! -d "$CONF_DIR" ]; then
  echo "start.sh: configuration directory '$CONF_DIR' does not exist" >&2
  exit 2
fi
CONF_DIR="$(cd "$CONF_DIR" && pwd)"

if ! command -v "$NODE" >/dev/null 2>&1; then
  echo "start.sh: '$NODE' not found; srsync needs Node.js >= 20.19 in PATH (or set NODE=/path/to/node)" >&2
  exit 1
fi

# A live process whose command line mentions srsync (guards against a reused pid and zombies).
is_running() {
  local pid="$1"
  case "$pid" in ''|*[!0-9]*) return 1 ;; esac
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q srsync || return 1
  fi
  return 0
}

if [ -f "$PID_FILE" ]; then
  pid="$(cat "$PID_FILE" 2>/dev/null)"
  if is_running "$pid"; then
    echo "srsync is already running (pid $pid, pid file $PID_FILE); stop it with $BIN_DIR/stop.sh" >&2
    exit 1
  fi
  rm -f "$PID_FILE"
fi

# Report a bad configuration here, on the terminal, instead of only in the log.
"$NODE" "$BIN_DIR/srsync.js" check-config --quiet --conf "$CONF_DIR" || exit $?

# Claim the pid file atomically so that two concurrent start.sh cannot both start.
if ! (set -C; : > "$PID_FILE") 2>/dev/null; then
  echo "srsync is being started by another start.sh (pid file $PID_FILE exists)" >&2
  exit 1
fi

mkdir -p "$LOG_DIR"
nohup "$NODE" "$BIN_DIR/srsync.js" run --no-console --conf "$CONF_DIR" --log-dir "$LOG_DIR" \
  >> "$LOG_DIR/sync.out" 2>&1 < /dev/null &
pid=$!
echo "$pid" > "$PID_FILE"
echo "srsync started (pid $pid); conf $CONF_DIR; log $LOG_DIR/sync.INFO.log"
