# Sourced by the confsync SUT adapters: writes $PB_RUN/confsync/{n1,n2}.yaml for a two-node cluster
# whose source root is $SRC and whose standby root is $DST on $PB_HOST:$PB_PORT (exec transport
# through peerbench's sshd). The sync path "/" is each node's root. Sets $conf and $jvm.
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
