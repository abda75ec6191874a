#!/usr/bin/env bash
# peerbench daemon SUT: "confsync run" on one node of the two-node cluster of confsync-config.sh.
#   confsync-run.sh start|stop        # n1, the source: keeps $DST on $PB_HOST:$PB_PORT equal to $SRC
#   confsync-run.sh start|stop n2     # n2, the standby: waits until promoted and meanwhile serves the
#                                     # sessions sshd starts for it (handed over by 'receive --stdio');
#                                     # start returns once its socket listens
set -euo pipefail
node="${2:-n1}"
pidf="$PB_RUN/confsync-run-$node.pid"
case "${1:-}" in
  start)
    . "$(dirname "$0")/confsync-config.sh"
    "$confsync" run --config "$conf/$node.yaml" --reconcile 10m \
      >>"$PB_RUN/confsync-run-$node.log" 2>&1 </dev/null &
    echo $! > "$pidf"
    if [ "$node" = n2 ]; then
      for _ in $(seq 1 600); do
        [ -S "$conf/state-n2/receiver.sock" ] && exit 0
        [ -d "/proc/$(cat "$pidf")" ] || break
        sleep 0.1
      done
      echo "confsync-run.sh: the standby's service did not start; see $PB_RUN/confsync-run-$node.log" >&2
      exit 1
    fi ;;
  stop)
    if [ -f "$pidf" ]; then
      p=$(cat "$pidf"); kill "$p" 2>/dev/null || true
      for _ in $(seq 1 100); do [ -d "/proc/$p" ] || break; sleep 0.1; done
      rm -f "$pidf"
    fi ;;
  *) echo "usage: $0 start|stop [n1|n2]" >&2; exit 2 ;;
esac
