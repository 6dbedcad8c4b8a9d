#!/usr/bin/env bash
# Unpacks the six W3C / W3C-CCG suites and their two support repositories into $SUITES_DIR and installs each
# suite's dependencies from the npm registry. Run once; `run.sh` skips it when $SUITES_DIR/.prepared exists.
#
#   MIRROR_DIR  folder of bare git dirs laid out as <owner>+<name>/repo (default /work/.mirror when it exists);
#               without one, the public repositories are cloned (bare, shallow) into .conformance/mirrors
#   SUITES_DIR  where to unpack (default .conformance/suites under the repository)
#
# The suites name their support repositories as `github:` dependencies; those are replaced by `npm pack` tarballs
# of the copies unpacked here, so nothing is installed from git. vc-jose-cose's lockfile pins one of them by
# git+ssh and is set aside. Dev dependencies are left out, except the bitstring suite's (its mocha is one).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUITES_DIR="${SUITES_DIR:-$root/.conformance/suites}"
if [[ -z "${MIRROR_DIR:-}" ]]; then
  if [[ -d /work/.mirror ]]; then MIRROR_DIR=/work/.mirror; else MIRROR_DIR="$root/.conformance/mirrors"; fi
fi
repos=(w3c/vc-data-model-2.0-test-suite w3c/vc-di-eddsa-test-suite w3c/vc-bitstring-status-list-test-suite
       w3c-ccg/vc-api-issuer-test-suite w3c-ccg/vc-api-verifier-test-suite w3c/vc-jose-cose-test-suite
       w3c/vc-test-suite-implementations w3c-ccg/data-integrity-test-suite-assertion)
suites=(vc-data-model-2.0-test-suite vc-di-eddsa-test-suite vc-bitstring-status-list-test-suite
        vc-api-issuer-test-suite vc-api-verifier-test-suite vc-jose-cose-test-suite)

mkdir -p "$SUITES_DIR/tarballs"
rm -f "$SUITES_DIR/.prepared"
: > "$SUITES_DIR/commits.txt"
for r in "${repos[@]}"; do
  git_dir="$MIRROR_DIR/${r/\//+}/repo"
  if [[ ! -d "$git_dir" ]]; then
    echo "cloning https://github.com/$r into $git_dir"
    git clone --quiet --bare --depth 1 "https://github.com/$r.git" "$git_dir"
  fi
  name="${r#*/}"
  rm -rf "${SUITES_DIR:?}/$name"; mkdir -p "$SUITES_DIR/$name"
  git --git-dir="$git_dir" archive HEAD | tar -x -C "$SUITES_DIR/$name"
  echo "$r $(git --git-dir="$git_dir" log -1 --format='%H %cI')" >> "$SUITES_DIR/commits.txt"
done

cd "$SUITES_DIR"
rm -f tarballs/*.tgz
for support in vc-test-suite-implementations data-integrity-test-suite-assertion; do
  (cd "$support" && npm pack --silent --pack-destination ../tarballs >/dev/null)
done
implementations="file:../$(ls tarballs/vc-test-suite-implementations-*.tgz)"
assertions="file:../$(ls tarballs/data-integrity-test-suite-assertion-*.tgz)"
for s in "${suites[@]}"; do
  IMPLEMENTATIONS="$implementations" ASSERTIONS="$assertions" node -e '
    const fs = require("node:fs");
    const file = `${process.argv[1]}/package.json`;
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const field of ["dependencies", "devDependencies"]) {
      for (const [dep, spec] of Object.entries(pkg[field] ?? {})) {
        if (!String(spec).startsWith("github:")) continue;
        pkg[field][dep] = dep === "vc-test-suite-implementations" ? process.env.IMPLEMENTATIONS : process.env.ASSERTIONS;
      }
    }
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");' "$s"
done
if [[ -f vc-jose-cose-test-suite/package-lock.json ]]; then
  mv vc-jose-cose-test-suite/package-lock.json vc-jose-cose-test-suite/package-lock.upstream.json
fi
failed=0
for s in "${suites[@]}"; do
  omit=(--omit=dev); [[ $s == vc-bitstring-status-list-test-suite ]] && omit=()
  if (cd "$s" && nice npm install --no-audit --no-fund --ignore-scripts "${omit[@]}" > "../install-$s.log" 2>&1); then
    echo "installed $s"
  else
    echo "FAILED to install $s (see $SUITES_DIR/install-$s.log)"; failed=1
  fi
done
[[ $failed == 0 ]] && date -u +%FT%TZ > .prepared
cat commits.txt
exit $failed
