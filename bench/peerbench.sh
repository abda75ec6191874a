#!/usr/bin/env bash
# End-to-end runner: confsync against rsync on the same loopback sshd, with ../shared/peerbench.
#   bench/peerbench.sh            # s2 (full + no-change sync of the seed-42 tree; receive in a
#                                 # process of its own, and handed to the standby's running service),
#                                 # s3 (deltas),
#                                 # s1 (propagation latency of the live service against lsyncd)
#   ONLY=s3 bench/peerbench.sh    # one scenario
# Results: $PB_RESULTS/summary.txt ("scenario metric value unit"); quote ratios from one run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
PB_DIR="${PB_DIR:-$repo/../shared/peerbench}"
"$repo/confsync" --version >/dev/null   # builds the jar if needed; the launcher keeps it fresh
export PB_RESULTS="${PB_RESULTS:-/tmp/peerbench/results/confsync-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$PB_RESULTS"
cd "$PB_DIR"
. ./env.sh
[ -f "$PB_SSHDIR/sshd_config" ] || ./setup.sh
./sshd.sh start
sut="$here/sut/confsync-sync.sh"
if [ -z "${ONLY:-}" ] || [ "$ONLY" = s2 ]; then
  LABEL=rsync ./s2_synthetic.sh
  LABEL=confsync SYNC="$sut" ./s2_synthetic.sh
  CONFSYNC_SSH_CLIENT=openssh LABEL=confsync-openssh SYNC="$sut" ./s2_synthetic.sh
  # As deployed: the standby runs its service, and the session sshd starts is handed to it. The
  # service must read the same config bytes as the sessions (ssh.client is in them), hence one per client.
  for client in openssh mina; do
    export CONFSYNC_SSH_CLIENT=$client SRC="$PB_WORK/synth" DST="$PB_WORK/s2_dst"
    "$here/sut/confsync-run.sh" start n2
    LABEL=confsync-$client-service SYNC="$sut" ./s2_synthetic.sh || { "$here/sut/confsync-run.sh" stop n2; exit 1; }
    "$here/sut/confsync-run.sh" stop n2
  done
  unset CONFSYNC_SSH_CLIENT SRC DST
fi
if [ -z "${ONLY:-}" ] || [ "$ONLY" = s3 ]; then
  ./s3_delta.py --label rsync
  ./s3_delta.py --label confsync --sync "$sut"
fi
if [ -z "${ONLY:-}" ] || [ "$ONLY" = s1 ]; then
  n=${S1_SAMPLES:-100}
  envs="LSYNCD_MODE=rsyncssh LSYNCD_DELAY=0 LSYNCD_MUX=1"
  ./s1_latency.py --label lsyncd-rsyncssh-d0-mux --samples "$n" \
    --start "$envs sut/lsyncd.sh start \"\$SRC\" \"\$DST\"" --stop "$envs sut/lsyncd.sh stop \"\$SRC\" \"\$DST\""
  ./s1_latency.py --label confsync-run --samples "$n" \
    --start "$here/sut/confsync-run.sh start" --stop "$here/sut/confsync-run.sh stop"
  ./s1_latency.py --label lsyncd-samesize --samples 30 --ops samesize --timeout 5 \
    --start "$envs sut/lsyncd.sh start \"\$SRC\" \"\$DST\"" --stop "$envs sut/lsyncd.sh stop \"\$SRC\" \"\$DST\""
  ./s1_latency.py --label confsync-samesize --samples 30 --ops samesize --timeout 5 \
    --start "$here/sut/confsync-run.sh start" --stop "$here/sut/confsync-run.sh stop"
fi
echo "results: $PB_RESULTS/summary.txt"
