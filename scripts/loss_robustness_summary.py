"""Summarises a loss-robustness run for docs/studies/loss-robustness.md.

Reads results/<name>/report.json (the tool's tables: means over the ok cells of each loss) and the
cell records (the epoch each cell stopped at under training.until), and prints two Markdown
tables: matched training (stop epoch, training and clean accuracy) and accuracy against the fraction
k of pixels replaced (salient, with the random control), with the gap. Nothing is computed that the
tool did not report, except the mean stop epoch over a loss's ok cells.

usage: python3 scripts/loss_robustness_summary.py results/loss-robustness
"""
import glob
import json
import os
import re
import sys

folder = sys.argv[1]
report = json.load(open(os.path.join(folder, "report.json")))
cells = [json.load(open(f)) for f in glob.glob(os.path.join(folder, "cells", "*.json"))]

values = {}  # (metric, loss) -> (mean, std, n, failed)
order = []
for table in report["tables"]:
    for cell in table["cells"]:
        values[(table["metric"], cell["row"])] = (cell.get("mean"), cell.get("std"), cell["n"], cell.get("failed", 0))
        if cell["row"] not in order:
            order.append(cell["row"])


def short(loss):
    loss = loss.replace("combo(terms=[{bce: {}, weight: 1}, {dice: {}, weight: 1}])", "bce + dice")
    loss = loss.replace("combo(terms=[{bce: {}, weight: 1}, {focal: {}, weight: 1}])", "bce + focal")
    return loss.replace("combo(terms=[{dice: {}, weight: 1}, {focal: {}, weight: 1}])", "dice + focal")


def metric(suffix):
    return next(m for m, _ in values if m.endswith(suffix))


def fmt(key, digits=3):
    mean, std, n, failed = values.get(key, (None, None, 0, 0))
    if mean is None:
        return f"- (n=0, {failed} missed)"
    text = f"{mean:.{digits}f}"
    return text + (f" ({failed} missed)" if failed else "")


print("| loss | cells reaching the target | stop epoch (mean) | train.accuracy | clean.accuracy |")
print("|---|---:|---:|---:|---:|")
for loss in order:
    mine = [c for c in cells if c["loss"] == loss]
    ok = [c for c in mine if c["status"] == "ok"]
    epochs = [c["training"]["until"]["stopped-at-epoch"] for c in ok]
    stop = f"{sum(epochs) / len(epochs):.1f}" if epochs else "-"
    missed = [c["training"]["until"] for c in mine if c["training"] and c["training"].get("until") and not c["training"]["until"]["reached"]]
    note = "".join(f"; missed: {u['accuracy']:.3f} at the cap" for u in missed)
    print(f"| {short(loss)} | {len(ok)} of {len(mine)}{note} | {stop} | {fmt(('train.accuracy', loss))} | {fmt(('clean.accuracy', loss))} |")

ks = sorted({float(m.split("@k=")[1]) for m, _ in values if "salient.accuracy@k=" in m})
print()
print("| loss | " + " | ".join(f"k={k:g} salient / random" for k in ks) + " | gap |")
print("|---|" + "---:|" * (len(ks) + 1))
for loss in order:
    row = []
    for k in ks:
        s = values.get((metric(f"salient.accuracy@k={k:g}"), loss), (None,) * 4)[0]
        r = values.get((metric(f"random.accuracy@k={k:g}"), loss), (None,) * 4)[0]
        row.append("-" if s is None else f"{s:.3f} / {r:.3f}")
    gap = values.get((metric(".gap"), loss), (None,) * 4)[0]
    print(f"| {short(loss)} | " + " | ".join(row) + f" | {'-' if gap is None else f'{gap:.3f}'} |")
