#!/usr/bin/env bash
# audit and status --live of N nodes (default 20) with FILES files each (default 5,000), every
# standby running `confsync serve` (its long-lived receiver answers from its live manifest) and the
# source `confsync run` (which runs the commands handed to it in its warm JVM), all on loopback;
# the same commands with CONFSYNC_IN_PROCESS=1 (a JVM of their own) alongside. Times with hyperfine (warm-up runs first: a standby's first answer scans its tree), and
# reports the CPU seconds of the commands. Everything goes under $WORK (default /tmp/audit20);
# the servers it starts are stopped by PID at the end.
#   N=20 FILES=5000 bench/audit20.sh
set -euo pipefail
N=${N:-20}; FILES=${FILES:-5000}; WORK=${WORK:-/tmp/audit20}; BASE_PORT=${BASE_PORT:-23100}
here="$(cd "$(dirname "$0")/.." && pwd)"; confsync="$here/confsync"
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt install hyperfine)" >&2; exit 2; }
rm -rf "$WORK"; mkdir -p "$WORK/keys" "$WORK/conf"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# The source's tree: /etc-like, deterministic (peerbench's generator), FILES files.
python3 "$here/../shared/peerbench/gen_tree.py" gen "$WORK/n1/etc/app" --seed 42 --files "$FILES" >/dev/null
"$confsync" keygen -f "$WORK/keys/id" > "$WORK/keys/authorized_keys" 2>/dev/null
touch "$WORK/keys/known_hosts"

nodes=""
for i in $(seq 1 "$N"); do
  nodes+="  - name: n$i
    address: 127.0.0.1
    port: $((BASE_PORT + i))
    root: $WORK/n$i
    transport: embedded
"
done
for i in $(seq 1 "$N"); do
  mkdir -p "$WORK/n$i"
  cat > "$WORK/conf/n$i.yaml" <<YAML
cluster: audit20
node: n$i
nodes:
$nodes
sync:
  - path: /etc/app
state-dir: $WORK/state/n$i
ssh:
  identity: $WORK/keys/id
  known-hosts: $WORK/keys/known_hosts
  client: ${CONFSYNC_SSH_CLIENT:-mina}
serve:
  authorized-keys: $WORK/keys/authorized_keys
YAML
done
for i in $(seq 2 "$N"); do
  "$confsync" serve -c "$WORK/conf/n$i.yaml" > "$WORK/serve-n$i.log" 2>&1 &
  pids+=($!)
done
for i in $(seq 2 "$N"); do
  for _ in $(seq 1 600); do grep -q "serving n$i" "$WORK/serve-n$i.log" && break; sleep 0.1; done
done
echo "files per node: $(find "$WORK/n1/etc/app" -type f | wc -l); nodes: $N; load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$confsync" sync -c "$WORK/conf/n1.yaml" --accept-new-host-key > "$WORK/sync.log"
tail -1 "$WORK/sync.log"
"$confsync" run -c "$WORK/conf/n1.yaml" > "$WORK/run-n1.log" 2>&1 &
pids+=($!); run_pid=$!
for _ in $(seq 1 600); do [ -S "$WORK/state/n1/command.sock" ] && grep -q "is the source of" "$WORK/run-n1.log" && break; sleep 0.1; done
[ -S "$WORK/state/n1/command.sock" ] || { echo "n1's run service did not start: $(cat "$WORK/run-n1.log")" >&2; exit 1; }
# Measured once every standby is ready (the service's first push to each is over).
ready() { grep -o '"state" *: *"ready"' "$WORK/state/n1/status.json" 2>/dev/null | wc -l; }
for _ in $(seq 1 1200); do [ "$(ready)" -ge $((N - 1)) ] && break; sleep 0.1; done
echo "standbys ready: $(ready) of $((N - 1))"
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + sys clock ticks
hz=$(getconf CLK_TCK)
for cmd in audit "status --live"; do
  for mode in service in-process; do
    env=(); [ "$mode" = in-process ] && env=(CONFSYNC_IN_PROCESS=1)
    env "${env[@]}" $confsync $cmd -c "$WORK/conf/n1.yaml" >/dev/null || true # warm-up
    before=$(cpu "$run_pid")
    /usr/bin/time -f "$cmd ($mode): %e s wall, %U s user + %S s sys (the client)" env "${env[@]}" \
      $confsync $cmd -c "$WORK/conf/n1.yaml" >/dev/null || true
    echo "  n1's service: $(( ($(cpu "$run_pid") - before) * 1000 / hz )) ms CPU"
  done
done
hyperfine --warmup 2 --runs "${RUNS:-10}" -i --export-json "$WORK/hyperfine.json" \
  "$confsync audit -c $WORK/conf/n1.yaml" "CONFSYNC_IN_PROCESS=1 $confsync audit -c $WORK/conf/n1.yaml" \
  "$confsync status --live -c $WORK/conf/n1.yaml" "CONFSYNC_IN_PROCESS=1 $confsync status --live -c $WORK/conf/n1.yaml"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${HOLD:-}" ]; then # keep the cluster up for a look (profiles, more runs) until this script is killed
  echo "holding the cluster: kill $$ to stop it"; while sleep 3600; do :; done
fi
