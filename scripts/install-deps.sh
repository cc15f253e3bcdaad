#!/usr/bin/env bash
# Installs the system packages the project builds against (Debian/Ubuntu).
# Used by the README's first command and by .ci/run, so the list lives in one place.
set -euo pipefail
PACKAGES=(libzstd-dev libsecp256k1-dev zlib1g-dev liblz4-dev libssl-dev pkg-config zstd lz4 chromium)
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

# The official Hyperliquid Python SDK (the hl-sim compatibility test drives hl-sim with
# it) and Ray (the distributed sweep driver, scripts/ray_sweep.py, and its test).
SDK="hyperliquid-python-sdk>=0.24,<1"
RAY="ray>=2.9,<3"
if ! command -v python3 >/dev/null 2>&1 || ! python3 -m pip --version >/dev/null 2>&1; then
  echo "installing: python3 python3-pip"
  $SUDO apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3 python3-pip
fi
pip_install() {
  # Debian's own Python refuses system-wide pip installs unless told otherwise.
  python3 -m pip install -q "$1" 2>/dev/null || python3 -m pip install -q --break-system-packages "$1"
}
if python3 -c "import hyperliquid, eth_account, websocket, requests" 2>/dev/null; then
  echo "Python SDK present (hyperliquid-python-sdk)"
else
  echo "installing: $SDK (PyPI)"
  pip_install "$SDK"
fi
if python3 -c "import ray" 2>/dev/null && command -v ray >/dev/null; then
  echo "Ray present"
else
  echo "installing: $RAY (PyPI)"
  pip_install "$RAY"
fi
