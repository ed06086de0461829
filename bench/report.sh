#!/usr/bin/env bash
# LossBench report-time benchmark: how long `lossbench report` takes on a results folder of N cells
# (default 200) with stored per-example predictions, and how large those are per cell. The folder
# is grown from a real run (`LossBench.Bench report-scale`): the baseline's cells kept, every other
# cell copied under new losses with its predictions, so the bootstrap has real outcomes to resample.
#
#   bench/report.sh                        # runs the default benchmark first (a few minutes)
#   bench/report.sh results/default        # grows the folder from an existing run of benchmarks.yaml
#   bench/report.sh --cells 400 --repeat 5 results/default
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
cells=200 repeat=3 source="" build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --cells) cells="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) echo "error: unknown option $1" >&2; exit 2 ;;
    *) source="$1"; shift ;;
  esac
done

if [ "$build" = 1 ]; then
  dotnet build "$repo/LossBench.sln" -c Release --nologo -v quiet -clp:ErrorsOnly
fi
tool="$repo/src/Host/bin/Release/net10.0/lossbench.dll"
bench="$repo/bench/LossBench.Bench/bin/Release/net10.0/LossBench.Bench.dll"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ -z "$source" ]; then
  echo "running the default benchmark (benchmarks.yaml) for the cells to copy..."
  CI=true dotnet "$tool" run "$repo/benchmarks.yaml" --out "$work/run" > "$work/run.log"
  source="$work/run/default"
fi
dotnet "$bench" report-scale "$source" "$work/scaled" --cells "$cells"

times=()
for i in $(seq "$repeat"); do
  start=$(date +%s.%N)
  dotnet "$tool" report "$work/scaled" > /dev/null
  end=$(date +%s.%N)
  times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')")
done
median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
size=$(du -cb "$work"/scaled/predictions/*.safetensors | tail -1 | cut -f1)
count=$(ls "$work"/scaled/predictions/*.safetensors | wc -l)
printf 'report of %s cells: median %.2f s of %s runs (%s); load average %s\n' "$cells" "$median" "$repeat" "${times[*]}" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'predictions: %d files, %d bytes per cell on average\n' "$count" "$((size / count))"
