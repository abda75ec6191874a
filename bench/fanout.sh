#!/usr/bin/env bash
# Fan-out: one change to every standby. A source `confsync run` and N standby services (each
# `confsync run` on its own root and state dir, reached through peerbench's loopback sshd, whose
# `receive --stdio` hands each session to the standby's service), on a small generated tree. Each
# probe writes one new file on the source and times it until it is on the first and on the last
# standby (polled every 2 ms), after WARMUP changes that are not timed (the compilers settle);
# the CPU per probe of the source and of all standbys together is read from /proc. Rounds alternate
# N=1 and N=$FANOUT so that each ratio comes from the same session.
#   bench/fanout.sh                  # FANOUT=10 ROUNDS=2 PROBES=30 WARMUP=60 FILES=1000
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
PB_DIR="${PB_DIR:-$here/../../shared/peerbench}"
FANOUT="${FANOUT:-10}" ROUNDS="${ROUNDS:-2}" PROBES="${PROBES:-30}" FILES="${FILES:-1000}"
confsync="$(cd "$here/.." && pwd)/confsync"
cd "$PB_DIR"
. ./env.sh
[ -f "$PB_SSHDIR/sshd_config" ] || PB_SKIP_APT="${PB_SKIP_APT:-1}" ./setup.sh
./sshd.sh start >/dev/null
fan="$PB_WORK/fanout" conf="$PB_RUN/fanout"
src="$fan/n1"
[ -d "$src" ] || python3 ./gen_tree.py gen "$src" --seed 5 --dirs 60 --files "$FILES" >/dev/null
pids=()
stop_all() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]:-}"; do
    for _ in $(seq 1 100); do [ -n "$p" ] && [ -d "/proc/$p" ] || break; sleep 0.1; done
  done
  pids=()
}
trap stop_all EXIT

cluster() { # n: writes the configuration of n1 and n standbys, one file per node
  rm -rf "$conf" && mkdir -p "$conf"
  local nodes="  - name: n1
    address: $PB_HOST
    root: $src"
  for i in $(seq 2 $(($1 + 1))); do
    rm -rf "$fan/n$i" && mkdir -p "$fan/n$i"
    nodes="$nodes
  - name: n$i
    address: $PB_HOST
    port: $PB_PORT
    root: $fan/n$i
    user: root
    command: \"$confsync receive --stdio --config $conf/n$i.yaml\""
  done
  for i in $(seq 1 $(($1 + 1))); do
    cat > "$conf/n$i.yaml" <<YAML
cluster: fanout
node: n$i
nodes:
$nodes
sync:
  - path: /
state-dir: $conf/state-n$i
ssh:
  identity: $PB_KEY
  known-hosts: $PB_KNOWN_HOSTS
  client: openssh
YAML
  done
}

round() { # n
  cluster "$1"
  for i in $(seq 2 $(($1 + 1))); do
    "$confsync" run --config "$conf/n$i.yaml" >>"$conf/run-n$i.log" 2>&1 </dev/null &
    pids+=($!)
  done
  for i in $(seq 2 $(($1 + 1))); do
    for _ in $(seq 1 600); do [ -S "$conf/state-n$i/receiver.sock" ] && break; sleep 0.1; done
  done
  local standbys="${pids[*]}"
  "$confsync" run --config "$conf/n1.yaml" --reconcile 10m >>"$conf/run-n1.log" 2>&1 </dev/null &
  local source=$!
  pids+=($source)
  python3 - "$src" "$fan" "$1" "$PROBES" "$source" "$(getconf CLK_TCK)" "$(cut -d' ' -f1 /proc/loadavg)" \
      "$conf/state-n1/status.json" "$standbys" <<'PY'
import json, os, sys, time
src, fan, n, probes, pid, hz, load, status = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), \
    sys.argv[5], int(sys.argv[6]), sys.argv[7], sys.argv[8]
standby_pids = sys.argv[9].split()
warmup = int(os.environ.get("WARMUP", "60"))
standbys = [os.path.join(fan, "n%d" % i) for i in range(2, n + 2)]
def cpu(p=None):
    f = open("/proc/%s/stat" % (p or pid)).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) * 1000 / hz
def standby_cpu():
    return sum(cpu(p) for p in standby_pids)
def wait(name, bound):
    start, seen, first = time.monotonic(), set(), None
    while time.monotonic() - start < bound:
        for s in standbys:
            if s not in seen and os.path.exists(os.path.join(s, name)):
                seen.add(s)
                if first is None:
                    first = time.monotonic()
        if len(seen) == len(standbys):
            return first, time.monotonic()
        time.sleep(0.002)
    raise SystemExit("probe %s reached %d of %d standbys in %d s" % (name, len(seen), len(standbys), bound))
def ready():
    try:
        nodes = json.load(open(status))["nodes"]
    except (OSError, ValueError, KeyError):
        return False
    standby = [x for x in nodes if x.get("role") == "standby"]
    return len(standby) == n and all(x.get("state") == "ready" for x in standby)
deadline = time.monotonic() + 300
while not ready():  # the initial sync is over on every standby
    if time.monotonic() > deadline:
        raise SystemExit("the standbys were not ready within 300 s")
    time.sleep(0.1)
time.sleep(2)
for i in range(warmup):  # the compilers settle first: C2 takes most of a cold service's CPU per change
    name = "warm-%d-%d" % (n, i)
    with open(os.path.join(src, name), "w") as f:
        f.write("warm %d\n" % i)
    wait(name, 60)
    time.sleep(0.1)
time.sleep(2)
firsts, lasts, c0, s0 = [], [], cpu(), standby_cpu()
for i in range(probes):
    name = "probe-%d-%d" % (n, i)
    t0 = time.monotonic()
    with open(os.path.join(src, name), "w") as f:
        f.write("probe %d\n" % i)
    first, last = wait(name, 60)
    firsts.append((first - t0) * 1000)
    lasts.append((last - t0) * 1000)
    time.sleep(0.3)
per, standby_per = (cpu() - c0) / probes, (standby_cpu() - s0) / probes
def p(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]
print("standbys=%d load=%s first_p50=%.0f last_p50=%.0f last_p99=%.0f ms cpu_per_probe: source=%.0f standbys=%.0f ms"
      " (300 ms idle each)" % (n, load, p(firsts, .5), p(lasts, .5), p(lasts, .99), per, standby_per))
for s in [src] + standbys:
    for name in os.listdir(s):
        if name.startswith("probe-") or name.startswith("warm-"):
            os.remove(os.path.join(s, name))
PY
  stop_all
}

for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then round 1; round "$FANOUT"; else round "$FANOUT"; round 1; fi
done
