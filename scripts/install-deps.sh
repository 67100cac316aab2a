#!/usr/bin/env bash
# Installs what certkeep needs to build and test, from Debian's packages. Idempotent: does nothing when
# everything is present. Run as root (or with sudo available).
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
  libssl-dev libcli11-dev nlohmann-json3-dev libfmt-dev libboost-dev libtomlplusplus-dev
  libgtest-dev libbenchmark-dev
  # real peers the tests drive
  openssl openjdk-17-jdk-headless gnutls-bin libnss3-tools
  python3-aiosmtpd prosody postgresql  # STARTTLS servers for probe tests
  prometheus curl                     # scrapes `certkeep scan --listen` in its test
  wrk                                 # load through the gateway while it reloads
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
