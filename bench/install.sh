#!/usr/bin/env bash
# Installs the load generator the benchmark drives: wrk, from Debian's packages.
# Idempotent: does nothing when wrk is already on PATH, so `make bench` can always call it.
set -euo pipefail

if command -v wrk >/dev/null 2>&1; then
    exit 0
fi

# apt needs root; fall back to sudo only when we are not root already.
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq wrk >/dev/null
command -v wrk >/dev/null
echo "installed $(wrk -v 2>&1 | head -n 1)"
