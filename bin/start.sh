#!/usr/bin/env bash
# Starts srsync in the background, like starrocks-cluster-sync's bin/start.sh:
#   bin/start.sh [--conf DIR]
# conf: <home>/conf unless --conf; logs: <home>/log (sync.INFO.log, sync.WARN.log; stdout/stderr in sync.out);
# pid file: <home>/srsync.pid. <home> is the directory above this script. Works from any working directory.
# It returns once srsync has passed its start-up checks (or failed them), waiting up to $SRSYNC_START_TIMEOUT
# seconds (default 60). Exit codes: 0 started (or a one-time run already finished with 0); 1 already running,
# being started, or Node.js missing; 2 bad arguments or configuration (also an include/exclude entry that matches
# nothing on the source); 3 a cluster refused (unreachable, wrong password, shared_nothing or too old a target);
# 5 still starting after the wait (the process runs, its pid file is kept); other: the exit code the run ended with.
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
OUT_FILE="$LOG_DIR/sync.out"
# srsync writes READY_FILE once its start-up checks passed (logins, versions, run modes, the include/exclude
# entries), before it changes anything; until then a refusal ends the process with a one-line error on stderr.
READY_FILE="$PID_FILE.ready"
rm -f "$READY_FILE"
out_offset=0
if [ -f "$OUT_FILE" ]; then out_offset="$(wc -c < "$OUT_FILE" | tr -d ' ')"; fi

SRSYNC_READY_FILE="$READY_FILE" nohup "$NODE" "$BIN_DIR/srsync.js" run --no-console --conf "$CONF_DIR" --log-dir "$LOG_DIR" \
  >> "$OUT_FILE" 2>&1 < /dev/null &
pid=$!
echo "$pid" > "$PID_FILE"

# Our own child: alive unless gone or a zombie (no command-line check: before nohup execs node, the child's
# command line is this script's, and the pid cannot be reused before we reap it).
child_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  if [ -r "/proc/$1/stat" ]; then
    case "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" in Z|X|x) return 1 ;; esac
  fi
  return 0
}

# The last non-empty line this run wrote to sync.out (its error line when it refused to start).
last_out_line() {
  tail -c +"$((out_offset + 1))" "$OUT_FILE" 2>/dev/null | grep -v '^[[:space:]]*$' | tail -n 1
}

START_TIMEOUT="${SRSYNC_START_TIMEOUT:-60}"
case "$START_TIMEOUT" in ''|*[!0-9]*) START_TIMEOUT=60 ;; esac
ticks=$((START_TIMEOUT * 10))
while :; do
  if ! child_alive "$pid"; then
    # Ended already: a refusal at start-up, or a one-time run that finished fast.
    wait "$pid" 2>/dev/null
    code=$?
    passed=0
    [ -f "$READY_FILE" ] && passed=1
    rm -f "$PID_FILE" "$READY_FILE"
    if [ "$passed" -eq 1 ] && [ "$code" -eq 0 ]; then
      echo "srsync started (pid $pid) and has already finished (exit code 0); conf $CONF_DIR; log $LOG_DIR/sync.INFO.log"
      exit 0
    fi
    [ "$code" -eq 0 ] && code=1
    line="$(last_out_line)"
    if [ "$passed" -eq 1 ]; then
      echo "srsync started (pid $pid) but has already ended with exit code $code${line:+: $line}; see $LOG_DIR/sync.WARN.log" >&2
    else
      echo "srsync failed to start (exit code $code): ${line:-no error message; see $LOG_DIR/sync.out and $LOG_DIR/sync.WARN.log}" >&2
    fi
    exit "$code"
  fi
  if [ -f "$READY_FILE" ]; then
    rm -f "$READY_FILE"
    echo "srsync started (pid $pid); conf $CONF_DIR; log $LOG_DIR/sync.INFO.log"
    exit 0
  fi
  if [ "$ticks" -le 0 ]; then
    echo "srsync (pid $pid) is still starting after ${START_TIMEOUT}s (its start-up checks have not finished); follow $LOG_DIR/sync.INFO.log, stop it with $BIN_DIR/stop.sh" >&2
    exit 5
  fi
  sleep 0.1
  ticks=$((ticks - 1))
done
