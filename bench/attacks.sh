#!/usr/bin/env bash
# LossBench attack-throughput benchmark: PGD (L-infinity, eps 0.3, 10 steps, random start) on
# cnn-small with the Attacks plugin's Pgd.Perturb (`LossBench.Bench pgd`) and with the same attack
# in PyTorch (bench/peer_pgd.py on Debian's python3-torch, the same libtorch), at the same thread
# count and in the same pinned environment as bench/run.sh; prints examples/s of both and their ratio.
#
#   bench/attacks.sh                     # 2 threads, one run of each
#   bench/attacks.sh --repeat 3          # medians of 3 alternating runs
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/attacks.sh [options]
  --threads N        libtorch threads of both peers (default 2: this machine's cores)
  --batch N          examples per batch (default 256)
  --batches N        timed batches (default 12), after --warmup N untimed ones (default 2)
  --eps X            L-infinity radius (default 0.3)
  --steps N          PGD steps (default 10)
  --repeat R         run both peers R times, alternating which goes first; medians (default 1)
  --inherit-env      run the peers in the caller's environment instead of the pinned one (see bench/run.sh --help)
  --out DIR          where to keep the raw results (default bench/out/attacks-<date-time>)
  --no-build         skip `dotnet build` (use the last Release build)
  -h, --help         this text
USAGE
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
python=/usr/bin/python3
threads=2 batch=256 batches=12 warmup=2 eps=0.3 steps=10 repeat=1 out="" build=1 inherit_env=0

die() { echo "attacks.sh: $*" >&2; exit 2; }
need_int() { [[ "$2" =~ ^[0-9]+$ ]] || die "$1 needs a non-negative integer, got '$2'"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; threads="$2"; shift 2 ;;
    --batch) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; batch="$2"; shift 2 ;;
    --batches) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; batches="$2"; shift 2 ;;
    --warmup) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; warmup="$2"; shift 2 ;;
    --eps) [[ $# -ge 2 ]] || die "$1 needs a value"; [[ "$2" =~ ^[0-9]*\.?[0-9]+$ ]] || die "--eps needs a number, got '$2'"; eps="$2"; shift 2 ;;
    --steps) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; steps="$2"; shift 2 ;;
    --repeat) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; repeat="$2"; shift 2 ;;
    --out) [[ $# -ge 2 ]] || die "$1 needs a value"; out="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --inherit-env) inherit_env=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done
[[ "$repeat" -ge 1 && "$threads" -ge 1 && "$batches" -ge 1 && "$steps" -ge 1 && "$batch" -ge 1 ]] \
  || die "--repeat, --threads, --batches, --steps and --batch must be at least 1"

if [[ ! -x "$python" ]] || ! "$python" -c 'import torch' >/dev/null 2>&1; then
  die "$python cannot import torch; the PyTorch peer needs Debian's python3-torch (the same libtorch as LossBench.Torch)"
fi
# shellcheck source=harness.sh
source "$here/harness.sh"
prepare_harness

out="${out:-$here/out/attacks-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
results="$out/results.jsonl"
: >"$results"

pinned_env "$threads"
args=(--threads "$threads" --batch "$batch" --batches "$batches" --warmup "$warmup" --eps "$eps" --steps "$steps")

run_peer() { # framework
  local framework="$1" log cmd
  case "$framework" in
    lossbench) cmd=("$bench_exe" pgd) ;;
    pytorch) cmd=("$python" "$here/peer_pgd.py") ;;
  esac
  log="$out/$framework-$(date +%H%M%S%N).log"
  echo "-- $framework (load average $(cut -d' ' -f1 /proc/loadavg))"
  (cd "$repo" && env "${env_vars[@]}" "${cmd[@]}" "${args[@]}") >"$log" 2>&1 || { cat "$log" >&2; die "$framework failed (log: $log)"; }
  grep -v '^BENCH_JSON ' "$log" | sed 's/^/   /'
  grep '^BENCH_JSON ' "$log" | sed 's/^BENCH_JSON //' >>"$results"
}

echo "== $(nproc) CPU(s): $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); PyTorch $("$python" -c 'import torch; print(torch.__version__)'); threads $threads; environment $([[ "$inherit_env" -eq 1 ]] && echo inherited || echo pinned)"
for ((r = 1; r <= repeat; r++)); do
  [[ "$repeat" -gt 1 ]] && echo "== repeat $r/$repeat"
  # Alternate which peer goes first, so that neither always meets a warmer (or busier) machine.
  if (( r % 2 == 1 )); then order=(lossbench pytorch); else order=(pytorch lossbench); fi
  for fw in "${order[@]}"; do run_peer "$fw"; done
done

echo
echo "== PGD-$steps (linf, eps $eps, batch $batch) on cnn-small, LossBench vs PyTorch (same libtorch, $threads thread(s))"
"$python" - "$results" <<'PY' | tee "$out/summary.txt"
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
lb = [r for r in runs if r["framework"] == "lossbench"]
pt = [r for r in runs if r["framework"] == "pytorch"]
lb_ips = statistics.median(r["examples_per_sec"] for r in lb)
pt_ips = statistics.median(r["examples_per_sec"] for r in pt)
pairs = [a["examples_per_sec"] / b["examples_per_sec"] for a, b in zip(lb, pt)]
same = all(a["robust"] == b["robust"] and abs(a["checksum"] - b["checksum"]) <= 1e-6 * abs(b["checksum"]) for a, b in zip(lb, pt))
print(f"LossBench {lb_ips:,.1f} examples/s, PyTorch {pt_ips:,.1f} examples/s (medians of {len(lb)} and {len(pt)} runs)")
print(f"ratio LB/PT {lb_ips / pt_ips:.3f}" + (f" (per pair {min(pairs):.2f}-{max(pairs):.2f}, median {statistics.median(pairs):.3f})" if len(pairs) > 1 else "") + " - goal >= 1.0")
lb_cpu = statistics.median(r["timed_batches"] * r["batch"] / r["cpu_seconds"] for r in lb)
pt_cpu = statistics.median(r["timed_batches"] * r["batch"] / r["cpu_seconds"] for r in pt)
print(f"per CPU-second (robust to other load on the machine): LossBench {lb_cpu:,.1f}, PyTorch {pt_cpu:,.1f} examples, ratio {lb_cpu / pt_cpu:.3f}")
print(f"page faults per batch: LossBench {[round(r['minor_faults_per_batch']) for r in lb]}, PyTorch {[round(r['minor_faults_per_batch']) for r in pt]}")
print(f"same work: robust counts {[r['robust'] for r in lb]} vs {[r['robust'] for r in pt]}, checksums agree: {'yes' if same else 'NO'}")
print(f"load average at the end of each run: LossBench {[r['loadavg_1m'] for r in lb]}, PyTorch {[r['loadavg_1m'] for r in pt]}")
PY
