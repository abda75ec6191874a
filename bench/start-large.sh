#!/usr/bin/env bash
# `confsync run` starting on a large tree, against lsyncd (rsyncssh, delay 0, one ssh connection),
# on peerbench's loopback sshd: the time from the daemon's start until a file written 0.2 s after
# it is on the standby, the daemon's CPU until then (its children's included), and its RSS then and
# 30 s later. The standby tree is brought equal with a local rsync before every start; confsync's
# state directory (its hash cache) is kept across starts, as on a restarted node, after one warm-up
# start that is not reported. The standby runs its own service throughout (STANDBY=service, as in
# production: the sessions sshd starts are handed to it) or a `receive --stdio` per session
# (STANDBY=process). The tools alternate, in an order rotated by round.
#   bench/start-large.sh          # ROUNDS=2 FILES=100000 DIRS=4000 SEED=7
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
PB_DIR="${PB_DIR:-$here/../../shared/peerbench}"
ROUNDS="${ROUNDS:-2}" STANDBY="${STANDBY:-service}" FILES="${FILES:-100000}" DIRS="${DIRS:-4000}" SEED="${SEED:-7}"
cd "$PB_DIR"
. ./env.sh
[ -f "$PB_SSHDIR/sshd_config" ] || PB_SKIP_APT="${PB_SKIP_APT:-1}" ./setup.sh
./sshd.sh start >/dev/null
export SRC="$PB_WORK/large-$SEED-$FILES" DST="$PB_WORK/large-$SEED-$FILES-dst"
[ -d "$SRC" ] || python3 ./gen_tree.py gen "$SRC" --seed "$SEED" --dirs "$DIRS" --files "$FILES" >/dev/null
. "$here/sut/confsync-config.sh"
export LSYNCD_MODE=rsyncssh LSYNCD_DELAY=0 LSYNCD_MUX=1
hz=$(getconf CLK_TCK)
cpu_ms() { awk -v hz="$hz" '{print int(($14 + $15 + $16 + $17) * 1000 / hz)}' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }
now_ms() { date +%s%3N; }

start() { # tool -> pid
  case "$1" in
    confsync) "$here/sut/confsync-run.sh" start n1; cat "$PB_RUN/confsync-run-n1.pid" ;;
    lsyncd) ./sut/lsyncd.sh start "$SRC" "$DST" >/dev/null; cat "$PB_RUN/lsyncd-rsyncssh-d0-mux.pid" ;;
  esac
}
stop() {
  case "$1" in
    confsync) "$here/sut/confsync-run.sh" stop n1 ;;
    lsyncd) ./sut/lsyncd.sh stop "$SRC" "$DST" >/dev/null ;;
  esac
}

once() { # tool label
  rsync -a --delete "$SRC/" "$DST/"
  local probe="probe-$2-$(date +%s%N)" t0 pid t1 ms cpu rss
  t0=$(now_ms)
  pid=$(start "$1")
  sleep 0.2
  echo "$2" > "$SRC/$probe"
  for _ in $(seq 1 12000); do [ -f "$DST/$probe" ] && break; sleep 0.01; done
  t1=$(now_ms)
  [ -f "$DST/$probe" ] && ms=$((t1 - t0)) || ms="never(120s)"
  cpu=$(cpu_ms "$pid") rss=$(rss_mb "$pid")
  sleep 30
  echo "$1 $2 $(cut -d' ' -f1 /proc/loadavg) $ms $cpu $rss $(rss_mb "$pid")"
  stop "$1"
  rm -f "$SRC/$probe" "$DST/$probe"
}

if [ "$STANDBY" = service ]; then
  "$here/sut/confsync-run.sh" start n2
  trap '"$here/sut/confsync-run.sh" stop n2' EXIT
fi
echo "tool round load1 first_change_ms cpu_until_then_ms rss_then_mb rss_30s_later_mb (standby: $STANDBY)"
once confsync warm-up >/dev/null
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then once confsync "$r"; once lsyncd "$r"; else once lsyncd "$r"; once confsync "$r"; fi
done
