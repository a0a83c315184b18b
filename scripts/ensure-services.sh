#!/usr/bin/env bash
# The store and shared-tier tests run against real servers from Debian's packages
# (tests/helpers/postgres-server.ts, redis-server.ts); install them when missing.
set -euo pipefail

packages=()
# Debian keeps the server binaries out of PATH, one directory per major version.
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  packages+=(postgresql)
fi
if ! command -v redis-server >/dev/null && [ ! -x /usr/bin/redis-server ]; then
  packages+=(redis-server)
fi
if [ "${#packages[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-services: ${packages[*]} missing and installing needs root (apt-get install -y ${packages[*]})" >&2
  exit 1
fi

# The tests start throwaway servers of their own: keep the packages' post-install
# scripts from leaving system daemons running on 5432 and 6379. policy-rc.d is
# Debian's switch for that; an existing one (Docker images ship one) is left alone.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${packages[@]}"
