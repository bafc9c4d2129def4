#!/usr/bin/env bash
# PostgreSQL for the catalogue tests: the fixture runs initdb/pg_ctl itself on 127.0.0.1 in a temp
# directory, so only the binaries are needed. policy-rc.d keeps Debian from starting the system cluster.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "postgresql: already installed"
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
had_policy=0
[ -e /usr/sbin/policy-rc.d ] && had_policy=1
if [ "$had_policy" = 0 ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
fi
rc=0
{ $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null; } || rc=$?
if [ "$had_policy" = 0 ]; then $sudo rm -f /usr/sbin/policy-rc.d; fi
exit $rc
