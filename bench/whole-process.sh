#!/usr/bin/env bash
# Whole-process benchmark: `lossbench run benchmarks.yaml` (the default benchmark: 15 cells of
# cnn-small on the embedded MNIST digits, trained and evaluated clean, fgsm, pgd and saliency-pixels,
# then the report) against bench/peer_default.py, a plain PyTorch script doing the same cells'
# work on Debian's python3-torch (the same libtorch). Each runs as a whole process under
# /usr/bin/time: wall seconds and peak resident memory, start-up and output included.
#
#   bench/whole-process.sh                 # one pair, 2 threads (~3 min a side on an idle 2-core machine)
#   bench/whole-process.sh --repeat 3      # 3 pairs, alternating which goes first; medians
#   bench/whole-process.sh --seeds 0       # a third of the work: 5 cells a side
# It ends with the time of each phase (training, each evaluation, the rest) on both sides: bench/whole_phases.py.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/whole-process.sh [options]
  --repeat R         run R pairs, alternating which peer goes first; the table shows medians (default 1)
  --threads N        libtorch threads of both peers (default 2: this machine's cores)
  --seeds LIST       run only these seeds of benchmarks.yaml on both sides, e.g. 0 (default: the file's 0,1,2)
  --loss NAME        run only this loss's cells on both sides (cross-entropy, bce, focal, dice or combo;
                     `lossbench run --filter loss=NAME`): with --seeds 0, one cell a side, a quick check
  --inherit-env      run the peers in the caller's environment instead of the pinned one (see bench/run.sh --help)
  --mmap-threshold B the pinned environment's MALLOC_MMAP_THRESHOLD_ for both peers, in bytes (default 33554432).
                     262144 serves every buffer of 256 KiB or more from its own mapping, returned when freed:
                     the peak is then the largest working set, with none of the freed heap glibc keeps
                     (which varies by 100 MB or more between runs of the same program), at the cost of
                     page faults (about twice the wall time)
  --out DIR          where to keep the logs and both peers' results (default bench/out/whole-<date-time>)
  --no-build         skip the builds (use the last Release builds)
  -h, --help         this text
Each pair runs `lossbench run` with a fresh results folder (--out; nothing is reused) and
peer_default.py, then `lossbench report --no-html` and `lossbench report` on the tool's results, to
show what the report costs inside the run (`lossbench run` always writes the report and report.html).
USAGE
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
python=/usr/bin/python3
lossbench_dll="$repo/src/Host/bin/Release/net10.0/lossbench.dll"
repeat=1 threads=2 seeds="" loss="" out="" build=1 inherit_env=0 mmap_threshold=""

die() { echo "whole-process.sh: $*" >&2; exit 2; }
need_int() { [[ "$2" =~ ^[0-9]+$ ]] || die "$1 needs a non-negative integer, got '$2'"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --repeat) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; repeat="$2"; shift 2 ;;
    --threads) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; threads="$2"; shift 2 ;;
    --seeds) [[ $# -ge 2 ]] || die "$1 needs a value"; [[ "$2" =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--seeds needs comma-separated integers, got '$2'"; seeds="$2"; shift 2 ;;
    --loss) [[ $# -ge 2 ]] || die "$1 needs a value"; [[ "$2" =~ ^(cross-entropy|bce|focal|dice|combo)$ ]] || die "--loss needs one of cross-entropy, bce, focal, dice, combo; got '$2'"; loss="$2"; shift 2 ;;
    --out) [[ $# -ge 2 ]] || die "$1 needs a value"; out="$2"; shift 2 ;;
    --mmap-threshold) [[ $# -ge 2 ]] || die "$1 needs a value"; need_int "$1" "$2"; mmap_threshold="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --inherit-env) inherit_env=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done
[[ "$repeat" -ge 1 && "$threads" -ge 1 ]] || die "--repeat and --threads must be at least 1"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (GNU time measures wall time and peak RSS): sudo apt-get install time"
if [[ ! -x "$python" ]] || ! "$python" -c 'import torch' >/dev/null 2>&1; then
  die "$python cannot import torch; the PyTorch peer needs Debian's python3-torch (the same libtorch as LossBench)"
fi

# shellcheck source=harness.sh
source "$here/harness.sh"
if [[ "$build" -eq 1 ]]; then
  echo "== building LossBench (Release)"
  (cd "$repo" && dotnet build LossBench.sln -c Release -nologo -v quiet -clp:ErrorsOnly) || die "the build of LossBench.sln failed"
fi
prepare_harness
[[ -f "$lossbench_dll" ]] || die "$lossbench_dll is missing: build LossBench (drop --no-build)"
pinned_env "$threads"
if [[ -n "$mmap_threshold" ]]; then
  [[ "$inherit_env" -eq 0 ]] || die "--mmap-threshold sets a variable of the pinned environment; it cannot go with --inherit-env"
  for i in "${!env_vars[@]}"; do
    if [[ "${env_vars[$i]}" == MALLOC_MMAP_THRESHOLD_=* ]]; then env_vars[$i]="MALLOC_MMAP_THRESHOLD_=$mmap_threshold"; fi
  done
fi

out="${out:-$here/out/whole-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
benchmark="$repo/benchmarks.yaml"
peer_seeds=(--seeds 0,1,2)
if [[ -n "$seeds" ]]; then
  # The same file with only these seeds: every other key, the name included, stays as it is.
  grep -q '^seeds: \[0, 1, 2\]$' "$benchmark" || die "$benchmark no longer has 'seeds: [0, 1, 2]': update --seeds here"
  sed "s/^seeds: \[0, 1, 2\]\$/seeds: [${seeds//,/, }]/" "$benchmark" >"$out/benchmarks.yaml"
  benchmark="$out/benchmarks.yaml"
  peer_seeds=(--seeds "$seeds")
fi
tool_filter=() peer_losses=()
if [[ -n "$loss" ]]; then tool_filter=(--filter "loss=$loss"); peer_losses=(--losses "$loss"); fi
grep -q '^seeds: \[0, 1, 2\]$' "$repo/benchmarks.yaml" || die "benchmarks.yaml's seeds changed: peer_default.py mirrors seeds 0,1,2"
results="$out/results.tsv"
printf 'pair\tpeer\twall_s\tpeak_kb\tload\n' >"$results"

# Runs a command as one whole process under /usr/bin/time in the pinned environment; appends
# "<pair> <name> <wall> <peak KB> <load at the end>" to results.tsv.
measure() { # pair name log command...
  local pair="$1" name="$2" log="$3"; shift 3
  local timing="$log.time"
  echo "-- pair $pair: $name (load average $(cut -d' ' -f1 /proc/loadavg))"
  if ! (cd "$repo" && env "${env_vars[@]}" /usr/bin/time -o "$timing" -f "%e %M" "$@") >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "$name failed (exit status $(grep -o 'exited with non-zero status [0-9]*' "$timing" | grep -o '[0-9]*$' || echo '?'); log: $log)"
  fi
  local wall peak
  read -r wall peak < <(tail -n 1 "$timing")
  [[ "$wall" =~ ^[0-9.]+$ && "$peak" =~ ^[0-9]+$ ]] || die "$name: /usr/bin/time wrote '$(tail -n 1 "$timing")' to $timing, not 'wall peak'"
  printf '%s\t%s\t%s\t%s\t%s\n' "$pair" "$name" "$wall" "$peak" "$(cut -d' ' -f1 /proc/loadavg)" >>"$results"
  echo "   ${wall} s, peak RSS $((peak / 1024)) MB"
}

run_lossbench() { # pair
  local dir="$out/pair-$1/lossbench"
  rm -rf "$dir" && mkdir -p "$dir"
  measure "$1" lossbench "$out/pair-$1/lossbench.log" dotnet "$lossbench_dll" run "$benchmark" --out "$dir" --threads "$threads" "${tool_filter[@]}"
  grep -q "cell(s): .* 0 failed" "$out/pair-$1/lossbench.log" || die "lossbench run reported failed cells (log: $out/pair-$1/lossbench.log)"
  # What the report costs inside a run: the same report written again, without and with report.html.
  measure "$1" report-no-html "$out/pair-$1/report-no-html.log" dotnet "$lossbench_dll" report "$dir/default" --no-html
  measure "$1" report "$out/pair-$1/report.log" dotnet "$lossbench_dll" report "$dir/default"
}

run_pytorch() { # pair
  local dir="$out/pair-$1/pytorch"
  rm -rf "$dir"
  measure "$1" pytorch "$out/pair-$1/pytorch.log" "$python" "$here/peer_default.py" --out "$dir" --threads "$threads" "${peer_seeds[@]}" "${peer_losses[@]}"
  grep -q "(0 not ok)" "$out/pair-$1/pytorch.log" || die "peer_default.py reported cells that are not ok (log: $out/pair-$1/pytorch.log)"
}

{
  echo "== $(nproc) CPU(s): $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); PyTorch $("$python" -c 'import torch; print(torch.__version__)') at $python; .NET SDK $(dotnet --version 2>/dev/null)"
  echo "== benchmark: $benchmark (seeds ${seeds:-0,1,2}, losses ${loss:-all 5}), $threads thread(s)"
  if [[ "$inherit_env" -eq 1 ]]; then
    echo "== environment: inherited"
  else
    echo "== environment, the same for both peers: ${env_vars[*]}"
  fi
  echo "== BLAS settings: $(env | grep -E '^(OPENBLAS|GOTO|MKL|DNNL|ONEDNN|ATEN)_' | sort | tr '\n' ' ' | sed 's/ $//')"
} | tee "$out/environment.txt"
echo "== logs and results: $out"

for ((r = 1; r <= repeat; r++)); do
  mkdir -p "$out/pair-$r"
  # Alternate which peer goes first, so that neither always meets a warmer (or busier) machine.
  if (( r % 2 == 1 )); then run_lossbench "$r"; run_pytorch "$r"; else run_pytorch "$r"; run_lossbench "$r"; fi
done

echo
echo "== whole process: lossbench run vs the PyTorch peer (same libtorch, same threads, same cells)"
{ cat "$out/environment.txt"; "$python" - "$results" "$threads" <<'PY'
import statistics, sys
from collections import defaultdict

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])][1:]
threads = int(sys.argv[2])
runs = defaultdict(dict)
loads = []
for pair, peer, wall, peak, load in rows:
    runs[int(pair)][peer] = (float(wall), int(peak))
    loads.append((int(pair), peer, float(load)))

header = ["pair", "LB wall s", "LB peak MB", "PT wall s", "PT peak MB", "PT/LB wall", "LB/PT peak",
          "report s", "report --no-html s", "LB wall w/o report s", "PT/(LB w/o report)"]
formats = ["{:.1f}", "{:.1f}", "{:.1f}", "{:.1f}", "{:.3f}", "{:.3f}", "{:.1f}", "{:.1f}", "{:.1f}", "{:.3f}"]
table, columns = [], [[] for _ in formats]
for pair in sorted(runs):
    r = runs[pair]
    lb_wall, lb_peak = r["lossbench"]
    pt_wall, pt_peak = r["pytorch"]
    report, no_html = r["report"][0], r["report-no-html"][0]
    # The report command's wall includes its own start-up, which the run does not pay twice: the
    # run without its report is at least this (the column slightly flatters LossBench).
    without = lb_wall - report
    values = [lb_wall, lb_peak / 1024, pt_wall, pt_peak / 1024, pt_wall / lb_wall, lb_peak / pt_peak,
              report, no_html, without, pt_wall / without]
    for column, v in zip(columns, values):
        column.append(v)
    table.append([str(pair)] + [f.format(v) for f, v in zip(formats, values)])
if len(runs) > 1:
    table.append(["median"] + [f.format(statistics.median(c)) for f, c in zip(formats, columns)])
widths = [max(len(h), *(len(row[i]) for row in table)) for i, h in enumerate(header)]
print("  ".join(h.rjust(w) for h, w in zip(header, widths)))
print("  ".join("-" * w for w in widths))
for row in table:
    print("  ".join(c.rjust(w) for c, w in zip(row, widths)))
print()
print("LB = lossbench run (train, evaluate, store, report with report.html); PT = bench/peer_default.py.")
print("PT/LB wall >= 1.0: LossBench's whole run is faster. LB/PT peak <= 1.0: LossBench's peak resident memory is lower.")
print("report s, report --no-html s: `lossbench report` on the run's results as a process of its own (start-up included);")
print("LB wall w/o report = LB wall - report s: the run without its report, slightly understated (the report command's own start-up is subtracted too).")
print("loads (1-minute average at the end of each process): " + ", ".join(f"{p}:{peer} {l:.2f}" for p, peer, l in loads))
high = [(p, peer, l) for p, peer, l in loads if l > threads + 0.5]
if high:
    print(f"NOTE: the load average exceeded the thread count ({threads}) during "
          + ", ".join(f"pair {p} {peer} ({l:.2f})" for p, peer, l in high)
          + ": other work shared the cores, so these timings may be disturbed")
PY
} | tee "$out/summary.txt"

echo
echo "== where the time goes: each phase summed over the cells, from both peers' cell records"
"$python" "$here/whole_phases.py" "$out" | tee "$out/phases.txt"
