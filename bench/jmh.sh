#!/usr/bin/env bash
# Runs the JMH micro benchmarks: bench/jmh.sh [JMH options], e.g. bench/jmh.sh DeltaBench -f 1
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
(cd "$here/.." && mvn -q -B -DskipTests package -pl bench -am)
exec java -cp "$here/target/classes:$here/target/lib/*" org.openjdk.jmh.Main "$@"
