#!/usr/bin/env bash
# Augmentation cost per training step: milliseconds per Apply of every augmentation plugin on a
# cnn-small batch (128 MNIST images 1x28x28) against milliseconds per cnn-small training step, at
# the same thread count, in the environment bench/run.sh pins. The goal is a ratio under 10%.
#
#   bench/augmentations.sh                   # 2 threads
#   bench/augmentations.sh --threads 1 --applies 500
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/augmentations.sh [options]
  --threads N    libtorch threads (default 2)
  --applies N    timed Apply calls per augmentation (default 300)
  --steps N      timed training steps before and after the augmentations (default 150)
  --inherit-env  run in the caller's environment instead of the pinned one (see bench/run.sh --help)
  --no-build     skip `dotnet build` (use the last Release build)
  -h, --help     this text
USAGE
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
threads=2
applies=300
steps=150
build=1
inherit_env=0

die() { echo "augmentations.sh: $*" >&2; exit 2; }
need_int() { [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "$1 needs a positive integer, got '$2'"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; threads="$2"; shift 2 ;;
    --applies) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; applies="$2"; shift 2 ;;
    --steps) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; steps="$2"; shift 2 ;;
    --inherit-env) inherit_env=1; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done

# shellcheck source=harness.sh
source "$here/harness.sh"
prepare_harness

# The same pinned environment as bench/run.sh (its --help says why each variable is set).
pinned_env "$threads"
echo "== $(nproc) CPU(s): $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load average $(cut -d' ' -f1 /proc/loadavg)"
if [[ "$inherit_env" -eq 1 ]]; then echo "== environment: inherited"; else echo "== environment: ${env_vars[*]}"; fi
cd "$repo"
env "${env_vars[@]}" "$bench_exe" augmentation-cost --threads "$threads" --applies "$applies" --steps "$steps"
