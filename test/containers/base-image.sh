#!/usr/bin/env bash
# Builds a local stand-in for gcr.io/distroless/nodejs24-debian12:nonroot, for machines that cannot
# pull images. It copies the distroless layout that the Containerfile relies on: Node at
# /nodejs/bin/node as the entrypoint, uid/gid 65532 "nonroot" as the user, CA certificates, and
# nothing else (no shell, no package manager), so an image that runs on it runs on the real one.
#
# usage: test/containers/base-image.sh [IMAGE]   (default localhost/airlock-test/nodejs24:nonroot)
# env:   NODE_BIN   the Node binary to ship (default: the `node` devDependency's binary)
#        DOCKER     the engine CLI (default: docker)
set -euo pipefail

image="${1:-localhost/airlock-test/nodejs24:nonroot}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
node_bin="${NODE_BIN:-$repo/node_modules/node/bin/node}"
docker="${DOCKER:-docker}"

if ! file_head="$(head -c 4 "$node_bin" | od -An -c | tr -d ' ')" || [[ "$file_head" != '177ELF' ]]; then
  echo "base-image: $node_bin is not a Node ELF binary; run npm ci first, or set NODE_BIN" >&2
  exit 1
fi

# The label lets a second run skip the import when the binary has not changed (the tarball is
# ~130 MB and takes a few seconds to import on a small machine).
stamp="$(sha256sum "$node_bin" | cut -c1-16)"
current="$("$docker" image inspect --format '{{ index .Config.Labels "org.airlock.test.node-sha" }}' "$image" 2>/dev/null || true)"
if [[ "$current" == "$stamp" ]]; then
  echo "base-image: $image is up to date"
  exit 0
fi

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT

install -d -m 0755 "$root/nodejs/bin" "$root/etc/ssl/certs" "$root/lib64" "$root/usr/share"
install -m 0755 "$node_bin" "$root/nodejs/bin/node"

# Every shared object the dynamic loader would map, at the path ldd reports, dereferenced:
# Debian's /lib is a symlink (merged /usr), and the image needs the files, not the links.
while read -r lib; do
  install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
done < <(ldd "$node_bin" | grep -oE '/[^ ]+\.so[^ ]*' | sort -u)

ca_bundle=/etc/ssl/certs/ca-certificates.crt
if [[ ! -f "$ca_bundle" ]]; then
  echo "base-image: $ca_bundle is missing; apt-get install -y ca-certificates" >&2
  exit 1
fi
install -m 0644 "$ca_bundle" "$root/etc/ssl/certs/ca-certificates.crt"

# Same users and groups as distroless (base-debian12/nonroot): root, nobody, nonroot.
cat > "$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
cat > "$root/etc/group" <<'EOF'
root:x:0:
nobody:x:65534:
tty:x:5:
staff:x:50:
nonroot:x:65532:
EOF
# glibc's built-in resolvers (files, dns) need only this to resolve compose/network aliases.
echo 'hosts: files dns' > "$root/etc/nsswitch.conf"
chmod 0644 "$root/etc/passwd" "$root/etc/group" "$root/etc/nsswitch.conf"

install -d -m 0700 "$root/root"
install -d -m 0700 -o 65532 -g 65532 "$root/home/nonroot"
install -d -m 1777 "$root/tmp"

tar --numeric-owner -C "$root" -cf - . | "$docker" import \
  --change 'ENTRYPOINT ["/nodejs/bin/node"]' \
  --change 'USER 65532' \
  --change 'WORKDIR /home/nonroot' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
  --change "LABEL org.airlock.test.node-sha=$stamp" \
  - "$image" >/dev/null
echo "base-image: built $image from $node_bin"
