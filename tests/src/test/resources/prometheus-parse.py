# Parses the Prometheus text format on stdin with the official Python client's parser and prints
# every sample as one JSON line: {"name", "labels", "value"}. A text the parser rejects exits 1.
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        print(json.dumps({"name": s.name, "labels": s.labels, "value": s.value}))
