#!/usr/bin/env bash
# Azurite (npm) for Publisher.Storage's Azure Blob tests: the fixture starts `azurite-blob` on loopback
# with --disableTelemetry itself. Pinned to 3.35.0, the newest release that supports Node 20
# (3.36 needs Node >= 21, 3.37 Node >= 22). Idempotent: does nothing when azurite-blob is on PATH.
set -euo pipefail

if command -v azurite-blob >/dev/null 2>&1; then
  echo "azurite: $(azurite-blob --version 2>/dev/null || echo present) already installed"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  else
    echo "azurite: npm is not installed and apt-get is not available" >&2
    exit 1
  fi
fi

npm install -g --no-fund --no-audit azurite@3.35.0
azurite-blob --version
