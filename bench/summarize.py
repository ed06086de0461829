#!/usr/bin/python3
"""Reads the JSON lines of bench/run.sh (one per run of either peer) and prints the final table:
per model and thread count, the median over repeats of images/s for LossBench.Torch and PyTorch,
their ratio, and resident memory at the early and late steps with its growth.

usage: summarize.py RESULTS.jsonl [--markdown]
"""

import json
import statistics
import sys
from collections import defaultdict

# Targets from the issue tracker: throughput ratio LossBench / PyTorch, and RSS growth.
RATIO_TARGET = {"cnn-small": 1.0, "mlp": 1.2, "wrn-16-4": 1.0, "resnet-18": 1.0}
RSS_GROWTH_LIMIT_PCT = 5.0


def median_run(runs):
    """The run of median throughput (the lower middle one for an even count), so its figures stay together."""
    ordered = sorted(runs, key=lambda r: r["images_per_sec"])
    return ordered[(len(ordered) - 1) // 2]


def pair_range(lb_runs, pt_runs):
    """The lowest and highest ratio of the i-th LossBench run to the i-th PyTorch run (run back to back)."""
    ratios = [a["images_per_sec"] / b["images_per_sec"] for a, b in zip(lb_runs, pt_runs)]
    return "-" if len(ratios) < 2 else f"{min(ratios):.2f}-{max(ratios):.2f}"


def cpp_columns(cpp_runs, lb_ips, pt_ips):
    """The plain-C++ floor: its throughput, and how close each binding comes to it."""
    if not cpp_runs:
        return ["-", "-", "-"]
    cpp_ips = statistics.median(r["images_per_sec"] for r in cpp_runs)
    return [f"{cpp_ips:,.0f}", f"{cpp_ips / pt_ips:.3f}", f"{lb_ips / cpp_ips:.3f}"]


def print_table(header, rows, markdown):
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---:" for _ in header) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    print("  ".join(h.rjust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths)))


def mb(kb):
    return f"{kb / 1024:.1f}"


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    results = []
    with open(argv[0]) as f:
        for line in f:
            line = line.strip()
            if line:
                results.append(json.loads(line))
    if not results:
        print("no results", file=sys.stderr)
        return 1

    groups = defaultdict(lambda: defaultdict(list))
    host_runs = defaultdict(list)  # the host's trainer runs whole epochs, so its step count differs: keyed by model and threads
    for r in results:
        if r["framework"] == "lossbench-host":
            host_runs[(r["model"], r["threads"])].append(r)
            continue
        groups[(r["model"], r["threads"], r["steps"])][r["framework"]].append(r)

    with_cpp = any("libtorch-cpp" in by_fw for by_fw in groups.values())
    speed_header = ["model", "threads", "steps", "batch", "runs",
                    "LossBench img/s", "PyTorch img/s", "ratio", "pair range", "target", "LB ms/step", "PT ms/step",
                    *(["C++ img/s", "C++/PT", "LB/C++"] if with_cpp else []),
                    "faults/step LB/PT", "same losses", "max load"]
    memory_header = ["model", "threads", "steps",
                     "LB RSS@1000 MB", "LB RSS@10000 MB", "LB growth",
                     "PT RSS@1000 MB", "PT RSS@10000 MB", "PT growth"]
    speed_rows, memory_rows = [], []
    notes = []
    verdicts = []
    for (model, threads, steps), by_fw in sorted(groups.items(), key=lambda kv: (kv[0][0] != "cnn-small", -kv[0][1], kv[0][2])):
        lb_runs, pt_runs = by_fw.get("lossbench", []), by_fw.get("pytorch", [])
        cpp_runs = by_fw.get("libtorch-cpp", [])
        if not lb_runs or not pt_runs:
            notes.append(f"{model} threads={threads}: missing {'LossBench' if not lb_runs else 'PyTorch'} results")
            continue
        lb, pt = median_run(lb_runs), median_run(pt_runs)
        lb_ips = statistics.median(r["images_per_sec"] for r in lb_runs)
        pt_ips = statistics.median(r["images_per_sec"] for r in pt_runs)
        ratio = lb_ips / pt_ips
        target = RATIO_TARGET.get(model)
        early, late = lb["rss_early_step"], lb["rss_late_step"]
        # Same initial weights, data order and steps: the losses must agree (to float rounding).
        same = all(abs(a[k] - b[k]) <= 1e-4 * max(1.0, abs(b[k]))
                   for a in lb_runs + cpp_runs for b in pt_runs for k in ("loss_first", "loss_early", "loss_last"))
        load = max(r.get("loadavg_1m", 0.0) for r in lb_runs + pt_runs + cpp_runs)
        speed_rows.append([model, str(threads), str(steps), str(lb["batch"]),
                           f"{len(lb_runs)}+{len(pt_runs)}" + (f"+{len(cpp_runs)}" if cpp_runs else ""),
                           f"{lb_ips:,.0f}", f"{pt_ips:,.0f}", f"{ratio:.3f}", pair_range(lb_runs, pt_runs),
                           f">= {target}" if target else "-",
                           f"{lb['ms_per_step']:.3f}", f"{pt['ms_per_step']:.3f}",
                           *(cpp_columns(cpp_runs, lb_ips, pt_ips) if with_cpp else []),
                           f"{lb.get('minor_faults_per_step', float('nan')):.0f}/{pt.get('minor_faults_per_step', float('nan')):.0f}",
                           "yes" if same else "NO", f"{load:.2f}"])

        def rss(run, which):
            step, kb = run[f"rss_{which}_step"], run[f"rss_{which}_kb"]
            wanted = 1000 if which == "early" else 10000
            return mb(kb) + ("" if step == wanted else f" (@{step})")

        memory_rows.append([model, str(threads), str(steps),
                            rss(lb, "early"), rss(lb, "late"), f"{lb['rss_growth_pct']:+.2f}%",
                            rss(pt, "early"), rss(pt, "late"), f"{pt['rss_growth_pct']:+.2f}%"])
        if target is not None:
            verdicts.append(f"{model} threads={threads}: throughput ratio {ratio:.3f} "
                            f"{'meets' if ratio >= target else 'MISSES'} the target >= {target}")
        grow = max((r["rss_growth_pct"] for r in lb_runs), key=abs)
        verdicts.append(f"{model} threads={threads}: LossBench RSS at step {late} vs step {early}: {grow:+.2f}% (worst run), "
                        f"{'within' if abs(grow) <= RSS_GROWTH_LIMIT_PCT else 'OUTSIDE'} {RSS_GROWTH_LIMIT_PCT:.0f}%"
                        + ("" if late >= 10_000 else f" (only {late} steps ran: --cnn-steps/--steps 10000 gives the full check)"))
        if load > threads + 0.5:
            notes.append(f"{model} threads={threads}: the load average reached {load:.2f} with {threads} thread(s) "
                         "benchmarking: other work shared the cores, so these timings may be disturbed")
        slow = [r for r in lb_runs + pt_runs if r.get("minor_faults_per_step", 0) > 100]
        if slow:
            notes.append(f"{model} threads={threads}: " + ", ".join(f"{r['framework']} {r['ms_per_step']:.1f} ms/step with "
                                                                    f"{r['minor_faults_per_step']:.0f} page faults/step" for r in slow)
                         + ": the allocator gave memory back and faulted it in again every step (see run.sh --help)")
        if not same:
            notes.append(f"{model} threads={threads}: the peers' losses differ: they did not do the same work")

    markdown = "--markdown" in argv
    print_table(speed_header, speed_rows, markdown)
    print()
    print_table(memory_header, memory_rows, markdown)
    print()
    print("ratio = LossBench img/s / PyTorch img/s, medians over the runs; ms/step and RSS (resident memory after "
          "that step; (@N) = the last step when fewer ran) from each side's median-throughput run.")
    if with_cpp:
        print("C++ = the same loop in plain libtorch C++ (bench/native-floor): C++/PT is the highest ratio any binding "
              "can reach with these kernels; LB/C++ is how close LossBench.Torch comes to it.")
    for v in verdicts:
        print("  " + v)
    for n in notes:
        print("  note: " + n)
    if host_runs:
        print()
        print("host overhead: training through the host's trainer (lossbench run's step) vs the bare LossBench.Torch loop, medians")
        for (model, threads), runs in sorted(host_runs.items()):
            bare = [r for (m, t, _), by_fw in groups.items() if (m, t) == (model, threads) for r in by_fw.get("lossbench", [])]
            host_ips = statistics.median(r["images_per_sec"] for r in runs)
            if not bare:
                print(f"  {model} threads={threads}: host {host_ips:,.0f} img/s ({len(runs)} run(s)), no bare runs to compare")
                continue
            bare_ips = statistics.median(r["images_per_sec"] for r in bare)
            ratio = host_ips / bare_ips
            print(f"  {model} threads={threads}: host {host_ips:,.0f} img/s vs bare {bare_ips:,.0f} img/s ({len(runs)}+{len(bare)} runs): "
                  f"{ratio:.3f} ({'meets' if ratio >= 0.95 else 'MISSES'} the goal >= 0.95)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
