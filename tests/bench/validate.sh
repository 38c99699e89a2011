#!/usr/bin/env bash
# validate.sh - the table docs/methodology.md quotes: Spearman rank correlations of every
# catalogue occupation's baseline score and dimensions with Frey & Osborne (2013), Eloundou et
# al. (2024, GPT-4 and human betas), Microsoft's AI applicability (2025) and the BLS projected
# outlook, each with n. Builds tests/bench/validate.c and runs it on this checkout.
#
#   bash tests/bench/validate.sh [--markdown]
#
# Environment: VALIDATE_BUILD=DIR uses that build folder (default build/, configured if absent).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${VALIDATE_BUILD:-build}
[ -f "$BUILD/CMakeCache.txt" ] || cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j2 --target cr-validate >/dev/null
exec "$BUILD/cr-validate" "$@" .
