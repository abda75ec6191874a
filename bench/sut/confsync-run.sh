#!/usr/bin/env bash
# peerbench daemon SUT: "confsync run" keeping $DST on $PB_HOST:$PB_PORT equal to $SRC.
#   confsync-run.sh start | stop
set -euo pipefail
pidf="$PB_RUN/confsync-run.pid"
case "${1:-}" in
  start)
    . "$(dirname "$0")/confsync-config.sh"
    "$confsync" run --config "$conf/n1.yaml" --reconcile 10m \
      >>"$PB_RUN/confsync-run.log" 2>&1 </dev/null &
    echo $! > "$pidf" ;;
  stop)
    if [ -f "$pidf" ]; then
      p=$(cat "$pidf"); kill "$p" 2>/dev/null || true
      for _ in $(seq 1 100); do [ -d "/proc/$p" ] || break; sleep 0.1; done
      rm -f "$pidf"
    fi ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
