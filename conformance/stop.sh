#!/usr/bin/env bash
# Stops the proxy and the Avala that start.sh started, by the pids it recorded (nothing else).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${RUN_DIR:-$root/.conformance/run}"
for p in proxy avala; do
  f="$RUN_DIR/$p.pid"
  [[ -f $f ]] || continue
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null && for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  rm -f "$f"
done
