#!/usr/bin/env bash
# The receiver's fuzz target for longer than CI runs it: mutated recordings of a valid push
# (bit flips, cuts, dropped, duplicated and swapped frames, lying lengths, inserted bytes) against a
# fresh standby on Jimfs. Usage: bench/fuzz.sh [CASES] [SEED]   (default 200000 cases, seed from the clock)
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-200000}"
seed="${2:-$(date +%s)}"
echo "fuzzing the receiver: $cases cases, seed $seed (repeat a failure with the same seed)" >&2
mvn -q -B install -DskipTests -pl manifest,conf,transfer -am
mvn -B -pl transfer test -Dtest=FuzzSessionTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dconfsync.fuzz.cases="$cases" -Dconfsync.fuzz.seed="$seed"
