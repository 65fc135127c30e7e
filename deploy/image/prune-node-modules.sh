#!/bin/sh
# Trims a production node_modules to what Node loads at run time, so the image stays well within
# 15 MB of its base: zod alone ships ~4 MB of TypeScript sources. Node never loads a .ts file from
# node_modules, nor declaration or source-map files, nor a package's own tests, docs or
# benchmarks. Licences stay. POSIX sh and POSIX find only: it runs on the host and in whatever
# build image the Containerfile is given.
# usage: prune-node-modules.sh NODE_MODULES_DIR
set -eu
dir="${1:?usage: prune-node-modules.sh NODE_MODULES_DIR}"
find "$dir" -type f \( -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.map' \
  -o -name '*.md' -o -name '*.MD' -o -name '*.markdown' -o -name '.package-lock.json' \) \
  -exec rm -f {} +
# Only a package's top-level folders (node_modules/NAME/X, node_modules/@SCOPE/NAME/X): deeper
# folders with these names can be real code (e.g. lib/test-utils).
for pkg in "$dir"/* "$dir"/@*/*; do
  [ -d "$pkg" ] || continue
  for sub in test tests __tests__ docs doc benchmarks benchmark bench examples example .github; do
    rm -rf "${pkg:?}/$sub"
  done
done
rm -rf "$dir/.bin"
# `npm prune` leaves the scope folders of the dev packages it removed, empty; rmdir keeps the rest.
for scope in "$dir"/@*; do
  [ -d "$scope" ] && rmdir "$scope" 2>/dev/null || true
done
