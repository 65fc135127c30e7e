#!/usr/bin/env bash
# The container suite on a fresh Debian 12 machine, as root, with no stdin: installs a container
# engine if there is none, starts it if it is not running, then runs `npm run test:containers`
# (whose global setup builds the local base image and airlock's image). Called by .ci/run after
# `npm ci`; safe to run again on a machine where all of this is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
# The reaper image (Ryuk) cannot be pulled here; the tests remove what they start.
export TESTCONTAINERS_RYUK_DISABLED=true

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v docker-compose >/dev/null || need+=(docker-compose)
python3 -c 'import yaml' 2>/dev/null || need+=(python3-yaml)
[[ -f /etc/ssl/certs/ca-certificates.crt ]] || need+=(ca-certificates)
if ((${#need[@]})); then
  echo "containers: installing ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" </dev/null >/dev/null
fi

# Debian's engine and CLI, whatever else is earlier on PATH: this is the pair tested here.
docker=docker
[[ -x /usr/bin/docker ]] && docker=/usr/bin/docker

if ! "$docker" info >/dev/null 2>&1; then
  echo "containers: starting dockerd"
  # No systemd in CI's container: run the daemon directly, detached from this script's stdio.
  nohup dockerd >/tmp/airlock-dockerd.log 2>&1 </dev/null &
  for _ in $(seq 1 60); do
    "$docker" info >/dev/null 2>&1 && break
    sleep 1
  done
  if ! "$docker" info >/dev/null 2>&1; then
    echo "containers: dockerd did not come up; its log:" >&2
    tail -n 40 /tmp/airlock-dockerd.log >&2
    exit 1
  fi
fi
"$docker" version --format 'containers: engine {{.Server.Version}}, client {{.Client.Version}}'

if [[ ! -x node_modules/.bin/vitest ]]; then
  echo "containers: node_modules is missing; run npm ci first" >&2
  exit 1
fi

DOCKER="$docker" npx vitest run --config vitest.containers.config.ts
