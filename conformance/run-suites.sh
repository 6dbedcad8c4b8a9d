#!/usr/bin/env bash
# Runs the suites (all six, or those named) against the Avala start.sh started. For each suite: copies
# local-config.cjs into its root, labels the proxy log with the suite's name, and runs mocha over the same test
# folder, timeout and flags as the suite's own `npm test`, with the json reporter: $OUT_DIR/<suite>.json.
#   SUITES_DIR (default .conformance/suites), OUT_DIR (default .conformance/results),
#   BASE_URL, AVALA_ISSUER_DID, AVALA_API_KEY (source $RUN_DIR/env.sh)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
SUITES_DIR="${SUITES_DIR:-$root/.conformance/suites}"; OUT_DIR="${OUT_DIR:-$root/.conformance/results}"
: "${AVALA_ISSUER_DID:?source .conformance/run/env.sh}" "${AVALA_API_KEY:?source .conformance/run/env.sh}"
export BASE_URL="${BASE_URL:-https://127.0.0.1:4143}" AVALA_ISSUER_DID AVALA_API_KEY
mkdir -p "$OUT_DIR"
suites=("$@")
((${#suites[@]})) || suites=(vc-data-model-2.0-test-suite vc-di-eddsa-test-suite vc-bitstring-status-list-test-suite
                            vc-api-issuer-test-suite vc-api-verifier-test-suite vc-jose-cose-test-suite)
for s in "${suites[@]}"; do
  dir="$SUITES_DIR/$s"
  cp "$here/local-config.cjs" "$dir/localConfig.cjs"
  curl -sk -o /dev/null "$BASE_URL/__harness/label?name=$s"
  flags=(--timeout 15000)
  env_vars=(PATH="$PATH")
  case "$s" in
    vc-api-verifier-test-suite) env_vars+=(ISSUER_NAME=Avala ISSUER_NAME_JWT=Avala) ;;
    vc-jose-cose-test-suite)
      # Node 20 has Iterator helpers behind a flag only; the suite uses them.
      flags=(--timeout 150000 --v8-harmony-iterator-helpers)
      rm -f "$dir"/tests/output/*.json "$OUT_DIR/$s.adapter.jsonl"
      env_vars=(PATH="$here/bin:$PATH" JOSE_ADAPTER_LOG="$OUT_DIR/$s.adapter.jsonl") ;;
  esac
  t0=$(date +%s)
  (cd "$dir" && env "${env_vars[@]}" nice node_modules/.bin/mocha tests/ --preserve-symlinks "${flags[@]}" \
    --reporter json --reporter-option "output=$OUT_DIR/$s.json" > "$OUT_DIR/$s.stdout.txt" 2>&1)
  rc=$?
  node -e 'const {stats: s} = require(process.argv[1]);
    console.log(`${process.argv[2]}: ${s.passes} passing / ${s.failures} failing / ${s.pending} pending (mocha rc ${process.argv[3]}, ${process.argv[4]} s)`)' \
    "$OUT_DIR/$s.json" "$s" "$rc" "$(($(date +%s) - t0))" 2>/dev/null || echo "$s: no results (mocha rc $rc, see $OUT_DIR/$s.stdout.txt)"
done
