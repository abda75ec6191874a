#!/usr/bin/env bash
# peerbench one-shot SUT: "confsync sync" from $SRC to $DST on $PB_HOST:$PB_PORT (exec transport).
set -euo pipefail
. "$(dirname "$0")/confsync-config.sh"
exec "$confsync" sync --config "$conf/n1.yaml" --force
