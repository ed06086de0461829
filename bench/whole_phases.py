#!/usr/bin/python3
"""Where the whole-process time goes, phase by phase: training and each evaluation, summed over the
cells of each pair of bench/whole-process.sh, lossbench (its cell records, results/.../cells/*.json)
against the PyTorch peer (its per-cell JSON files). Both record the seconds of the same phases with
the same clock placement (training from the first step to the last epoch's test pass; an evaluation
from its start to its metrics), so the ratio per phase says which part of the run differs; what the
phases leave out (start-up, data loading, saving, the report) is the whole wall time minus their sum.

    bench/whole_phases.py OUT    # OUT: the --out folder of bench/whole-process.sh
"""

import glob
import json
import os
import statistics
import sys


def phase_seconds(records):
    """{phase: seconds summed over the cells} for one peer's cell records."""
    totals = {}
    for record in records:
        totals["training"] = totals.get("training", 0.0) + record["training"]["seconds"]
        for name, evaluation in record.get("evaluations", {}).items():
            phase = name.split("(")[0]
            totals[phase] = totals.get(phase, 0.0) + evaluation["seconds"]
    return totals


def load(pattern):
    records = []
    for path in sorted(glob.glob(pattern)):
        with open(path) as f:
            records.append(json.load(f))
    return records


def main(argv):
    if len(argv) != 1 or not os.path.isdir(argv[0]):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = argv[0]
    walls = {}
    results = os.path.join(out, "results.tsv")
    if os.path.exists(results):
        with open(results) as f:
            for line in list(f)[1:]:
                pair, peer, wall, _peak, _load = line.rstrip("\n").split("\t")
                walls[(int(pair), peer)] = float(wall)
    pairs = sorted(int(p.rsplit("-", 1)[1]) for p in glob.glob(os.path.join(out, "pair-*")))
    rows, ratios = [], {}
    for pair in pairs:
        lb_records = load(os.path.join(out, f"pair-{pair}", "lossbench", "*", "cells", "*.json"))
        pt_records = load(os.path.join(out, f"pair-{pair}", "pytorch", "*.json"))
        if not lb_records or not pt_records or len(lb_records) != len(pt_records):
            print(f"pair {pair}: {len(lb_records)} lossbench and {len(pt_records)} PyTorch cell records; skipped", file=sys.stderr)
            continue
        lb, pt = phase_seconds(lb_records), phase_seconds(pt_records)
        lb["(the rest of the process)"] = walls.get((pair, "lossbench"), float("nan")) - sum(lb.values())
        pt["(the rest of the process)"] = walls.get((pair, "pytorch"), float("nan")) - sum(pt.values())
        for phase in lb:
            if phase in pt:
                rows.append((pair, phase, lb[phase], pt[phase], pt[phase] / lb[phase]))
                ratios.setdefault(phase, []).append(pt[phase] / lb[phase])
    print(f"{'pair':>4}  {'phase':<26} {'LB s':>8} {'PT s':>8} {'PT/LB':>6}")
    for pair, phase, lb_s, pt_s, ratio in rows:
        print(f"{pair:>4}  {phase:<26} {lb_s:8.1f} {pt_s:8.1f} {ratio:6.3f}")
    if len(pairs) > 1:
        print()
        for phase, values in ratios.items():
            print(f"median PT/LB {phase:<26} {statistics.median(values):.3f} (pairs {min(values):.3f}-{max(values):.3f})")
    print("PT/LB >= 1: lossbench spends less time in that phase. The rest of the process: start-up, data"
          " loading, saving and, for lossbench, the report with report.html.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
