#!/usr/bin/env bash
# nginx for the web seed client interop tests and the `webseed` benchmark: the fixture starts its own nginx
# on 127.0.0.1 with a config in a temp directory (`nginx -c conf -p prefix -g 'daemon off;'`). The install is
# done with /usr/sbin/policy-rc.d answering `exit 101`, so Debian does not start the system nginx daemon.
# Idempotent: does nothing when nginx is already installed.
set -euo pipefail

if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  echo "nginx: $(/usr/sbin/nginx -v 2>&1 || echo present) already installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "nginx: not installed and apt-get is not available" >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
had_policy=0
[ -e /usr/sbin/policy-rc.d ] && had_policy=1
if [ "$had_policy" = 0 ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
fi
cleanup() { if [ "$had_policy" = 0 ]; then $sudo rm -f /usr/sbin/policy-rc.d; fi; }
trap cleanup EXIT
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
/usr/sbin/nginx -v
