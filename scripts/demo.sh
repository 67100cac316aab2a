#!/usr/bin/env bash
# Quick start: builds certkeep, creates a small demo fleet under ./demo/ and inspects it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" release >/dev/null
"$root/scripts/make-demo.sh" demo
echo
echo "\$ certkeep inspect demo/"
"$root/build/release/certkeep" inspect demo/ || true
