#!/usr/bin/env bash
# Starts a fresh Avala (new database and key folder, no demo data) behind a local TLS proxy, then, through Avala's
# own admin API, creates the conformance body (did:key), a certifier and the certifier's API key.
# Writes $RUN_DIR/env.sh (BASE_URL, AVALA_ISSUER_DID, AVALA_API_KEY) for run-suites.sh.
#   RUN_DIR      scratch folder (default .conformance/run)
#   HTTP_PORT    Avala's plain HTTP port on 127.0.0.1 (default 4110)
#   TLS_PORT     the proxy's HTTPS port (default 4143); Avala's public URL is https://127.0.0.1:$TLS_PORT
#   AVALA_EXTRA_CONTEXTS_DIR  extra JSON-LD contexts for Avala (default conformance/contexts: the W3C examples
#                context, which the suites' inputs use); set it empty to run with Avala's own contexts only
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
RUN_DIR="${RUN_DIR:-$root/.conformance/run}"
HTTP_PORT="${HTTP_PORT:-4110}"; TLS_PORT="${TLS_PORT:-4143}"
extra_contexts="${AVALA_EXTRA_CONTEXTS_DIR-$here/contexts}"
if curl -s -o /dev/null "http://127.0.0.1:$HTTP_PORT/"; then echo "port $HTTP_PORT is taken (an Avala left running? conformance/stop.sh)"; exit 1; fi
mkdir -p "$RUN_DIR"/{data,keys,tls,logs}
rm -rf "${RUN_DIR:?}"/data/* "${RUN_DIR:?}"/keys/* "${RUN_DIR:?}"/logs/*
if [[ ! -f "$RUN_DIR/tls/cert.pem" ]]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$RUN_DIR/tls/key.pem" -out "$RUN_DIR/tls/cert.pem" 2>/dev/null
fi

# The suites send a few hundred requests in seconds from one address: the rate limits are raised for the run.
# The recorded pid is tsx's own; it passes SIGTERM on to the node process it runs.
cd "$root"
PORT=$HTTP_PORT AVALA_HOST=127.0.0.1 AVALA_DEMO=false AVALA_RATE_VERIFY_PER_MINUTE=100000 AVALA_RATE_WRITE_PER_MINUTE=100000 AVALA_SHUTDOWN_DELAY_MS=0 \
  AVALA_DB="$RUN_DIR/data/avala.db" AVALA_KEYS_DIR="$RUN_DIR/keys" AVALA_PUBLIC_URL="https://127.0.0.1:$TLS_PORT" \
  AVALA_EXTRA_CONTEXTS_DIR="$extra_contexts" \
  nohup node node_modules/.bin/tsx src/main.ts > "$RUN_DIR/logs/avala.log" 2>&1 &
echo $! > "$RUN_DIR/avala.pid"
up=0
for _ in $(seq 1 90); do
  if grep -q 'Avala listening on' "$RUN_DIR/logs/avala.log" 2>/dev/null && curl -sf "http://127.0.0.1:$HTTP_PORT/bodies" >/dev/null; then up=1; break; fi
  kill -0 "$(cat "$RUN_DIR/avala.pid")" 2>/dev/null || break
  sleep 0.5
done
if [[ $up != 1 ]]; then echo "Avala did not start:"; cat "$RUN_DIR/logs/avala.log"; exit 1; fi

admin=(-H 'authorization: Bearer avala-dev-admin-token' -H 'content-type: application/json')
api="http://127.0.0.1:$HTTP_PORT"
field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{let v=JSON.parse(s);for(const k of process.argv[1].split("."))v=v[k];console.log(v)})' "$1"; }
body=$(curl -sf -XPOST "$api/admin/bodies" "${admin[@]}" \
  -d '{"slug":"w3c-conformance","name":"W3C Conformance Body","kind":"school","didMethod":"key"}')
body_id=$(field id <<<"$body"); did=$(field did <<<"$body")
staff_id=$(curl -sf -XPOST "$api/admin/bodies/$body_id/staff" "${admin[@]}" \
  -d '{"name":"Conformance Certifier","roles":["certifier"]}' | field staff.id)
api_key=$(curl -sf -XPOST "$api/admin/staff/$staff_id/api-keys" "${admin[@]}" | field apiKey)
printf 'export BASE_URL=https://127.0.0.1:%s AVALA_ISSUER_DID=%s AVALA_API_KEY=%s\n' "$TLS_PORT" "$did" "$api_key" > "$RUN_DIR/env.sh"

PROXY_PORT=$TLS_PORT UPSTREAM_PORT=$HTTP_PORT TLS_DIR="$RUN_DIR/tls" PROXY_LOG_DIR="$RUN_DIR/logs/proxy" \
  nohup node "$here/proxy.mjs" > "$RUN_DIR/logs/proxy.out" 2>&1 &
echo $! > "$RUN_DIR/proxy.pid"
for _ in $(seq 1 20); do curl -sk -o /dev/null "https://127.0.0.1:$TLS_PORT/__harness/label?name=default" && break; sleep 0.25; done
echo "Avala pid $(cat "$RUN_DIR/avala.pid") on :$HTTP_PORT, proxy pid $(cat "$RUN_DIR/proxy.pid") on :$TLS_PORT, issuer $did"
