#!/usr/bin/env bash
# Stops the srsync started by bin/start.sh: SIGTERM (graceful: in-flight bookkeeping is finished), then waits.
#   bin/stop.sh [--timeout SECONDS] [--force]
# --timeout: how long to wait for the graceful exit (default 60, or $SRSYNC_STOP_TIMEOUT);
# --force: send SIGKILL when it has not exited by then. Works from any working directory.
# Exit codes: 0 stopped, or not running (no pid file; or a stale one, which is removed and reported);
# 1 still running after the timeout (without --force); 2 bad arguments.
set -u

BIN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HOME_DIR="$(cd "$BIN_DIR/.." && pwd)"
PID_FILE="${SRSYNC_PID_FILE:-$HOME_DIR/srsync.pid}"
LOG_DIR="${SRSYNC_LOG_DIR:-$HOME_DIR/log}"
TIMEOUT="${SRSYNC_STOP_TIMEOUT:-60}"
FORCE=0

usage() { echo "usage: $0 [--timeout SECONDS] [--force]"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --timeout)
      if [ $# -lt 2 ]; then usage >&2; exit 2; fi
      TIMEOUT="$2"; shift 2 ;;
    --timeout=*) TIMEOUT="${1#--timeout=}"; shift ;;
    --force|-f) FORCE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "stop.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
case "$TIMEOUT" in ''|*[!0-9]*) echo "stop.sh: --timeout '$TIMEOUT' is not a number of seconds" >&2; exit 2 ;; esac

is_running() {
  local pid="$1"
  case "$pid" in ''|*[!0-9]*) return 1 ;; esac
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q srsync || return 1
  fi
  return 0
}

if [ ! -f "$PID_FILE" ]; then
  echo "srsync is not running (no pid file $PID_FILE)"
  exit 0
fi
pid="$(cat "$PID_FILE" 2>/dev/null)"
if ! is_running "$pid"; then
  # It ended without stop.sh (killed, crashed, or a one-time run that finished): say so, and clean up.
  rm -f "$PID_FILE" "$PID_FILE.ready"
  echo "srsync is not running: pid ${pid:-?} of $PID_FILE is gone; removed the stale pid file (why it ended: $LOG_DIR/sync.WARN.log, $LOG_DIR/sync.out)"
  exit 0
fi

kill -TERM "$pid" 2>/dev/null
echo "stopping srsync (pid $pid), waiting up to ${TIMEOUT}s ..."
ticks=$((TIMEOUT * 10))
while [ "$ticks" -gt 0 ]; do
  if ! is_running "$pid"; then
    rm -f "$PID_FILE" "$PID_FILE.ready"
    echo "srsync stopped"
    exit 0
  fi
  sleep 0.1
  ticks=$((ticks - 1))
done

if [ "$FORCE" -eq 1 ]; then
  kill -KILL "$pid" 2>/dev/null
  rm -f "$PID_FILE" "$PID_FILE.ready"
  echo "srsync did not stop within ${TIMEOUT}s; killed (SIGKILL)"
  exit 0
fi
echo "srsync (pid $pid) did not stop within ${TIMEOUT}s; it is still running. Run $0 --force to kill it" >&2
exit 1
