#!/usr/bin/env bash
# A no-change `confsync sync` handed to the source's running service, against the same command in a
# process of its own (CONFSYNC_IN_PROCESS=1) and against rsync, on peerbench's loopback sshd and its
# seed-42 tree (5,000 files). Both nodes run `confsync run` (n2's takes the sessions sshd starts).
# Each round runs the three tools one after the other, in an order rotated by round; every figure
# of a round comes from that round. CPU: the client (hyperfine's user+sys, its children included),
# both confsync services, and sshd's children (the remote rsync, `receive --stdio`), from /proc.
#   bench/handoff-sync.sh                 # ROUNDS=3 RUNS=10 CONFSYNC_SSH_CLIENT=openssh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
PB_DIR="${PB_DIR:-$repo/../shared/peerbench}"
ROUNDS="${ROUNDS:-3}" RUNS="${RUNS:-10}"
export CONFSYNC_SSH_CLIENT="${CONFSYNC_SSH_CLIENT:-openssh}"
"$repo/confsync" --version >/dev/null
cd "$PB_DIR"
. ./env.sh
[ -f "$PB_SSHDIR/sshd_config" ] || PB_SKIP_APT="${PB_SKIP_APT:-1}" ./setup.sh
./sshd.sh start
export SRC="$PB_WORK/synth" DST="$PB_WORK/handoff_dst"
python3 ./gen_tree.py gen "$SRC" --seed 42 >/dev/null
out="${PB_RESULTS}/handoff-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
. "$here/sut/confsync-config.sh"
rm -rf "$DST" "$conf/state-n1" "$conf/state-n2"
"$confsync" sync --config "$conf/n1.yaml" --force >/dev/null   # the initial sync
"$here/sut/confsync-run.sh" start n2
"$here/sut/confsync-run.sh" start n1
trap '"$here/sut/confsync-run.sh" stop n1; "$here/sut/confsync-run.sh" stop n2' EXIT
n1=$(cat "$PB_RUN/confsync-run-n1.pid") n2=$(cat "$PB_RUN/confsync-run-n2.pid")
for _ in $(seq 1 600); do
  [ -S "$conf/state-n1/command.sock" ] && grep -q '"state" *: *"ready"' "$conf/state-n1/status.json" 2>/dev/null && break
  sleep 0.1
done
grep -q '"state" *: *"ready"' "$conf/state-n1/status.json" || { echo "n1's service is not ready" >&2; exit 1; }
sshd_pid=$(cat "$PB_RUN/sshd.pid")
cpu() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat"; } # user + sys, own and waited-for children
hz=$(getconf CLK_TCK)
declare -A cmd=(
  [rsync]="rsync -a --delete -e '$PB_RSH' '$SRC/' '$PB_HOST:$DST/'"
  [service]="$confsync sync --config $conf/n1.yaml"
  [own-process]="env CONFSYNC_IN_PROCESS=1 $confsync sync --config $conf/n1.yaml"
)
order=(rsync service own-process)
echo "tool round load1 wall_median_ms client_cpu_ms services_cpu_ms sshd_children_cpu_ms total_cpu_ms" | tee "$out/summary.txt"
for r in $(seq 1 "$ROUNDS"); do
  for i in 0 1 2; do
    tool=${order[$(( (i + r - 1) % 3 ))]}
    load=$(cut -d' ' -f1 /proc/loadavg)
    s0=$(( $(cpu "$n1") + $(cpu "$n2") )) h0=$(cpu "$sshd_pid")
    hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$out/$tool-$r.json" "${cmd[$tool]}" >/dev/null 2>"$out/$tool-$r.err"
    s1=$(( $(cpu "$n1") + $(cpu "$n2") )) h1=$(cpu "$sshd_pid")
    python3 - "$out/$tool-$r.json" "$tool" "$r" "$load" $(( (s1 - s0) * 1000 / hz )) $(( (h1 - h0) * 1000 / hz )) \
        "$RUNS" <<'PY' | tee -a "$out/summary.txt"
import json, sys
res = json.load(open(sys.argv[1]))["results"][0]
tool, r, load, services, sshd, runs = sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
n = runs + 2  # the warm-ups ran on the services and sshd too
client = (res["user"] + res["system"]) * 1000
per_services, per_sshd = services / n, sshd / n
print(f"{tool} {r} {load} {res['median'] * 1000:.0f} {client:.0f} {per_services:.0f} {per_sshd:.0f} "
      f"{client + per_services + per_sshd:.0f}")
PY
  done
done
echo "results: $out/summary.txt"
