#!/usr/bin/env bash
# LossBench train-step benchmark: trains the same models for the same steps with LossBench.Torch
# (bench/LossBench.Bench) and with PyTorch (bench/peer_pytorch.py on Debian's python3-torch, the
# same libtorch), at the same thread count, and prints images/s of both, their ratio, and resident
# memory at step 1,000 and step 10,000 (or the last step).
#
#   bench/run.sh                         # mlp 10,000 steps and cnn-small 2,000 steps, 2 threads
#   bench/run.sh --threads 2,1 --repeat 3
#   bench/run.sh --models cnn-small --cnn-steps 10000    # the full RSS check for cnn-small (~5 min a side)
#   bench/run.sh --with-cpp              # adds the same loop in plain libtorch C++: the floor for any binding
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/run.sh [options]
  --threads LIST     thread counts to compare at, e.g. 2 or 2,1 (default 2: this machine's cores)
  --models LIST      mlp,cnn-small,wrn-16-4,resnet-18 (default mlp,cnn-small); the last two are the
                     built-in model plugins on synthetic CIFAR-shaped data (3x32x32, batch 64)
  --steps N          training steps of every model, warm-up included (overrides the defaults below)
  --mlp-steps N      steps of the MLP (default 10000)
  --cnn-steps N      steps of cnn-small (default 2000: one step takes ~27-35 ms on 2 cores; 10000 gives
                     the full RSS check at step 10,000 in ~5-6 minutes per framework)
  --large-steps N    steps of wrn-16-4 and resnet-18 (default 40, 4 of them warm-up: seconds a step on 2 cores)
  --warmup N         untimed steps before timing of mlp and cnn-small (default 20)
  --repeat R         run every measurement R times, alternating which peer goes first; the table
                     shows medians (default 1)
  --rss-every N      the peers also record RSS every N steps (rss_trace in results.jsonl)
  --profile          the peers also time forward, loss, zero_grad, backward and step separately
  --with-cpp         also build (CMake, ~30 s) and run bench/native-floor: the same loop in libtorch C++
                     with no binding, i.e. the best throughput any binding can reach
  --with-host        also train through the host's trainer (what `lossbench run` does per step: shuffled
                     index_select batches, one-hot targets, the loss and augmentation plugins, the loss read
                     every step): its throughput against the bare engine loop is the host's overhead
  --inherit-env      run the peers in the caller's environment instead of the pinned one below
  --out DIR          where to keep the raw results (default bench/out/<date-time>)
  --markdown         print the final table as GitHub Markdown
  --no-build         skip `dotnet build` (use the last Release build)
  -h, --help         this text
Pinned environment (the same for every peer, unless --inherit-env):
  OMP_NUM_THREADS=N OPENBLAS_NUM_THREADS=N OMP_WAIT_POLICY=PASSIVE
    torch.set_num_threads(N) sizes libtorch's OpenMP pool but not OpenBLAS's own pthread pool (which
    the matrix products use), and both pools spin when idle: on a 2-core machine they fight, making
    threads=2 3-10x slower and very noisy. With these, N threads means N and idle threads sleep.
  OPENBLAS_THREAD_TIMEOUT=16
    OpenBLAS's workers spin 2^28 cycles (about 0.1 s) before sleeping, longer than the gap between a
    step's matrix products, so a worker spins (sched_yield) through every convolution: a third of
    a core in a cnn-small run. 2^16 cycles is what lossbench sets for itself (src/Torch/BlasWorkerWait.cs).
  MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=536870912
    With glibc's defaults, depending on heap layout, a process may give the large activation
    buffers back to the kernel after every step and fault them in again (thousands of page faults
    a step): about a third of PyTorch's cnn-small runs here ran 2.2-2.5x slower that way. Pinned,
    the measurement is of the binding and the kernels, not of that lottery.
  OPENBLAS_CORETYPE=<the kernels lossbench chooses for this CPU> (unless the caller set it; also
    with --inherit-env, since the LossBench peer chooses them itself)
    OpenBLAS falls back to SSE3 kernels on a CPU model newer than itself; lossbench asks for the
    kernels the CPU can run (src/Torch/BlasKernels.cs), and every peer gets the same.
EOF
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
python=/usr/bin/python3

threads_list=2
models=mlp,cnn-small
mlp_steps=10000
cnn_steps=2000
large_steps=40
large_warmup=4
warmup=20
repeat=1
profile=()
out=""
markdown=()
build=1
with_cpp=0
with_host=0
inherit_env=0

die() { echo "run.sh: $*" >&2; exit 2; }
need_int() { [[ "$2" =~ ^[0-9]+$ ]] || die "$1 needs a non-negative integer, got '$2'"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) [[ $# -ge 2 ]] || die "$1 needs a value"; threads_list="$2"; shift 2 ;;
    --models) [[ $# -ge 2 ]] || die "$1 needs a value"; models="$2"; shift 2 ;;
    --steps) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; mlp_steps="$2"; cnn_steps="$2"; large_steps="$2"; shift 2 ;;
    --mlp-steps) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; mlp_steps="$2"; shift 2 ;;
    --cnn-steps) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; cnn_steps="$2"; shift 2 ;;
    --large-steps) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; large_steps="$2"; shift 2 ;;
    --warmup) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; warmup="$2"; shift 2 ;;
    --repeat) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; repeat="$2"; shift 2 ;;
    --profile) profile+=(--profile); shift ;;
    --rss-every) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; profile+=(--rss-every "$2"); shift 2 ;;
    --out) [[ $# -ge 2 ]] || die "$1 needs a value"; out="$2"; shift 2 ;;
    --markdown) markdown=(--markdown); shift ;;
    --no-build) build=0; shift ;;
    --with-cpp) with_cpp=1; shift ;;
    --with-host) with_host=1; shift ;;
    --inherit-env) inherit_env=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done
[[ "$repeat" -ge 1 ]] || die "--repeat must be at least 1"
IFS=',' read -r -a thread_counts <<<"$threads_list"
for t in "${thread_counts[@]}"; do need_int --threads "$t"; [[ "$t" -ge 1 ]] || die "--threads must be at least 1"; done
IFS=',' read -r -a model_list <<<"$models"
for m in "${model_list[@]}"; do
  [[ "$m" == mlp || "$m" == cnn-small || "$m" == wrn-16-4 || "$m" == resnet-18 ]] || die "unknown model '$m' (mlp, cnn-small, wrn-16-4, resnet-18)"
done

# The PyTorch peer must be Debian's python3-torch: the same libtorch 1.13.1 as LossBench.Torch.
if [[ ! -x "$python" ]] || ! "$python" -c 'import torch' >/dev/null 2>&1; then
  echo "run.sh: $python cannot import torch. The PyTorch peer needs Debian's PyTorch (the same libtorch as" >&2
  echo "LossBench.Torch): sudo apt-get install python3-torch" >&2
  exit 1
fi
# shellcheck source=harness.sh
source "$here/harness.sh"
prepare_harness

floor_exe="$here/out/native-floor/native_floor"
if [[ "$with_cpp" -eq 1 ]]; then
  command -v cmake >/dev/null || die "--with-cpp needs cmake"
  echo "== building bench/native-floor (CMake, Release)"
  cmake -S "$here/native-floor" -B "$here/out/native-floor" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$here/out/native-floor" --parallel >/dev/null
fi

out="${out:-$here/out/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
results="$out/results.jsonl"
: >"$results"

steps_of() {
  case "$1" in
    mlp) echo "$mlp_steps" ;;
    cnn-small) echo "$cnn_steps" ;;
    *) echo "$large_steps" ;;
  esac
}
# The larger models take seconds a step on 2 cores: a few warm-up steps cover libtorch's first-call
# costs (oneDNN primitive creation) there.
warmup_of() { case "$1" in mlp|cnn-small) echo "$warmup" ;; *) echo "$large_warmup" ;; esac; }

run_peer() { # framework model threads steps
  local framework="$1" model="$2" threads="$3" steps="$4" log
  local args=(--model "$model" --threads "$threads" --steps "$steps" --warmup "$(warmup_of "$model")" --rss-steps 1000,10000 "${profile[@]}")
  local env_vars
  pinned_env "$threads"
  local cmd
  case "$framework" in
    lossbench) cmd=("$bench_exe") ;;
    lossbench-host) cmd=("$bench_exe" --via-host) ;;
    pytorch) cmd=("$python" "$here/peer_pytorch.py") ;;
    libtorch-cpp) cmd=("$floor_exe") ;;
  esac
  log="$out/$framework-$model-t$threads-$(date +%H%M%S%N).log"
  echo "-- $framework $model, threads $threads, $steps steps (load average $(cut -d' ' -f1 /proc/loadavg))"
  (cd "$repo" && env "${env_vars[@]}" "${cmd[@]}" "${args[@]}") >"$log" 2>&1 || { cat "$log" >&2; die "$framework failed (log: $log)"; }
  grep -v '^BENCH_JSON ' "$log" | sed 's/^/   /'
  grep '^BENCH_JSON ' "$log" | sed 's/^BENCH_JSON //' >>"$results"
}

{
  echo "== $(nproc) CPU(s): $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); PyTorch $("$python" -c 'import torch; print(torch.__version__)') at $python; .NET SDK $(dotnet --version 2>/dev/null)"
  if [[ "$inherit_env" -eq 1 ]]; then
    echo "== environment: inherited (OMP_NUM_THREADS=${OMP_NUM_THREADS-unset} OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS-unset} OMP_WAIT_POLICY=${OMP_WAIT_POLICY-unset} OPENBLAS_THREAD_TIMEOUT=${OPENBLAS_THREAD_TIMEOUT-unset} MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_-unset})"
  else
    echo "== environment, the same for every peer: OMP_NUM_THREADS=N OPENBLAS_NUM_THREADS=N OMP_WAIT_POLICY=PASSIVE OPENBLAS_THREAD_TIMEOUT=16 MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=536870912"
  fi
  # OpenBLAS runs the matrix products; its kernels (OPENBLAS_CORETYPE) are the same for every peer.
  echo "== BLAS settings: $(env | grep -E '^(OPENBLAS|GOTO|MKL|DNNL|ONEDNN|ATEN)_' | sort | tr '\n' ' ' | sed 's/ $//')"
} | tee "$out/environment.txt"
[[ "$with_cpp" -eq 0 || -x "$floor_exe" ]] || die "$floor_exe is missing"
echo "== results: $results"
for ((r = 1; r <= repeat; r++)); do
  for t in "${thread_counts[@]}"; do
    for m in "${model_list[@]}"; do
      s="$(steps_of "$m")"
      # Alternate which peer goes first, so that neither always meets a warmer (or busier) machine.
      if (( r % 2 == 1 )); then order=(lossbench pytorch); else order=(pytorch lossbench); fi
      [[ "$with_cpp" -eq 1 ]] && order+=(libtorch-cpp)
      # The host peer alternates between last and first too.
      if [[ "$with_host" -eq 1 ]]; then
        if (( r % 2 == 1 )); then order+=(lossbench-host); else order=(lossbench-host "${order[@]}"); fi
      fi
      [[ "$repeat" -gt 1 ]] && echo "== repeat $r/$repeat"
      for fw in "${order[@]}"; do run_peer "$fw" "$m" "$t" "$s"; done
    done
  done
done

echo
echo "== train-step throughput, LossBench.Torch vs PyTorch (same libtorch, same threads, same steps)"
{ cat "$out/environment.txt"; "$python" "$here/summarize.py" "$results" "${markdown[@]}"; } | tee "$out/summary.txt"
