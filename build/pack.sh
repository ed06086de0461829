#!/usr/bin/env bash
# Packs every LossBench package into one local feed (default: artifacts/packages):
#   LossBench.Sdk, LossBench.Torch, LossBench.Torch.Native.linux-x64, LossBench.Plugin.Sdk,
#   LossBench.Testing, LossBench.Templates and the tool package lossbench.
# All carry the <Version> of Directory.Build.props and are byte-identical for the same sources.
# Usage: build/pack.sh [--no-build] [OUTPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=()
if [ "${1:-}" = "--no-build" ]; then build=(--no-build); shift; fi
out="${1:-artifacts/packages}"
mkdir -p "$out"
dotnet pack LossBench.sln -c Release "${build[@]}" -o "$out" --nologo -v quiet -clp:ErrorsOnly
ls -1 "$out"/*.nupkg
