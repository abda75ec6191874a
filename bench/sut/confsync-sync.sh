#!/usr/bin/env bash
# peerbench one-shot SUT: "confsync sync" from $SRC to $DST on $PB_HOST:$PB_PORT, exec transport
# through peerbench's sshd. Node n1's root is $SRC, n2's is $DST; the sync path "/" is that root.
# Needs CONFSYNC_JAR (bench/peerbench.sh sets it).
set -euo pipefail
: "${CONFSYNC_JAR:?set CONFSYNC_JAR to cli/target/confsync.jar}"
conf="$PB_RUN/confsync"
mkdir -p "$conf"
jvm="java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
for node in n1 n2; do
  cat > "$conf/$node.yaml" <<YAML
cluster: peerbench
node: $node
nodes:
  - name: n1
    address: $PB_HOST
    root: $SRC
  - name: n2
    address: $PB_HOST
    port: $PB_PORT
    root: $DST
    user: root
    command: "$jvm -jar $CONFSYNC_JAR receive --stdio --config $conf/n2.yaml"
sync:
  - path: /
state-dir: $conf/state-$node
ssh:
  identity: $PB_KEY
  known-hosts: $PB_KNOWN_HOSTS
YAML
done
exec $jvm -jar "$CONFSYNC_JAR" sync --config "$conf/n1.yaml" --force
