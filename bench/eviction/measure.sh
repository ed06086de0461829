#!/usr/bin/env bash
# Peak resident memory of `lossbench run` on bench/eviction/benchmark.yaml, from a fresh results
# folder. Usage: bench/eviction/measure.sh [path/to/lossbench.dll] (default: this checkout's Release build).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tool="${1:-$here/../../src/Host/bin/Release/net10.0/lossbench.dll}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
CI=true /usr/bin/time -f "%M" -o "$out/peak-kb" dotnet "$tool" run "$here/benchmark.yaml" --out "$out/results" > "$out/log" 2>&1 || { cat "$out/log"; exit 1; }
grep -E "cell\(s\):" "$out/log" || true
echo "peak resident memory: $(( $(cat "$out/peak-kb") / 1024 )) MiB"
