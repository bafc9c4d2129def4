#!/usr/bin/env bash
# Debian chromium for the dashboard screenshot test (tests/Publisher.Interop.Tests/EndToEnd): the test runs
# /usr/bin/chromium headless itself (--screenshot, --dump-dom) against a service on 127.0.0.1; nothing is downloaded
# at test time. Installed with /usr/sbin/policy-rc.d answering `exit 101` so no daemon is started.
# Idempotent: does nothing when chromium is already installed.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present) already installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium: not installed and apt-get is not available" >&2
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
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
