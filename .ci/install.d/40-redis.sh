#!/usr/bin/env bash
# redis-server for the shared swarm store tests: the fixture starts its own redis-server on 127.0.0.1 with a free
# port, so only the binary is needed. policy-rc.d keeps Debian from starting the system daemon during the install.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  echo "redis-server: already installed"
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
{ $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server >/dev/null; } || rc=$?
if [ "$had_policy" = 0 ]; then $sudo rm -f /usr/sbin/policy-rc.d; fi
exit $rc
