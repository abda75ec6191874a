# Sourced by the confsync SUT adapters: writes $PB_RUN/confsync/{n1,n2}.yaml for a two-node cluster
# whose source root is $SRC and whose standby root is $DST on $PB_HOST:$PB_PORT (exec transport
# through peerbench's sshd). The sync path "/" is each node's root. Sets $conf and $confsync: the
# repository's launcher, which both ends run (its JVM flags and class-data-sharing archive included).
conf="$PB_RUN/confsync"
mkdir -p "$conf"
confsync="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/confsync"
# The loop variable is not $node: the adapters that source this file use $node for their own node.
for each in n1 n2; do
  cat > "$conf/$each.yaml" <<YAML
cluster: peerbench
node: $each
nodes:
  - name: n1
    address: $PB_HOST
    root: $SRC
  - name: n2
    address: $PB_HOST
    port: $PB_PORT
    root: $DST
    user: root
    command: "$confsync receive --stdio --config $conf/n2.yaml"
sync:
  - path: /
state-dir: $conf/state-$each
ssh:
  identity: $PB_KEY
  known-hosts: $PB_KNOWN_HOSTS
  client: ${CONFSYNC_SSH_CLIENT:-openssh}
YAML
done
