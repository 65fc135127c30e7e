#!/usr/bin/env bash
# Prepares a build context for the Containerfile's `prebuilt` target: the compiled app and its
# production dependencies, made on the host, under OUT_DIR/prebuilt/ as they go into /app. For machines where a build container cannot reach the
# npm registry (the default target runs `npm ci` inside the build). Offline: the dependencies are
# copied from the checkout's installed node_modules (`npm ls --omit=dev` picks them), so run
# `npm ci` first.
#
# usage: test/containers/app-context.sh OUT_DIR
#   then: docker build --target prebuilt -t localhost/airlock OUT_DIR
set -euo pipefail

out="${1:?usage: app-context.sh OUT_DIR}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PATH="$repo/node_modules/.bin:$PATH"

# Only ever delete a folder this script made (or nothing).
if [[ -e "$out" && ! -d "$out/prebuilt" ]] && [[ -n "$(ls -A "$out" 2>/dev/null)" ]]; then
  echo "app-context: $out exists and is not an earlier app context; choose an empty folder" >&2
  exit 1
fi
rm -rf "$out"
mkdir -p "$out/prebuilt/node_modules"
out="$(cd "$out" && pwd)"
app="$out/prebuilt"

cd "$repo"
tsc -p tsconfig.build.json --outDir "$app/dist"
if [[ ! -f "$app/dist/main.js" ]]; then
  echo "app-context: the build produced no dist/main.js" >&2
  exit 1
fi

# Each line is a package folder of the production tree, hoisted or nested; copying each one at its
# own relative path rebuilds exactly the layout Node resolves against.
if ! packages="$(npm ls --omit=dev --all --parseable 2>/dev/null)"; then
  echo "app-context: 'npm ls --omit=dev' found a broken dependency tree; run npm ci" >&2
  exit 1
fi
while read -r pkg; do
  [[ "$pkg" == "$repo" ]] && continue
  rel="${pkg#"$repo"/}"
  mkdir -p "$app/$rel"
  cp -a "$pkg/." "$app/$rel/"
done <<<"$packages"
deploy/image/prune-node-modules.sh "$app/node_modules"

# package.json twice: the copy at the root is the one source that the `prebuilt` stage's COPY
# always finds (see Containerfile).
cp package.json "$app/"
cp package.json Containerfile "$out/"
# Files must be readable by uid 65532 whatever the umask of the checkout was.
chmod -R a+rX "$out"
echo "app-context: $out ($(du -sh "$app/dist" | cut -f1) dist, $(du -sh "$app/node_modules" | cut -f1) node_modules)"
