#!/usr/bin/env bash
# Installs the system packages the project builds against (Debian/Ubuntu).
# Used by the README's first command and by .ci/run, so the list lives in one place.
set -euo pipefail
PACKAGES=(libzstd-dev libsecp256k1-dev pkg-config zstd)
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
else
  echo "system packages present: ${PACKAGES[*]}"
fi
