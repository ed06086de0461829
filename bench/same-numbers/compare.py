#!/usr/bin/python3
"""Compares two results folders of one benchmark cell by cell: every recorded metric, curve and
epoch figure, and the tensors of every cell's weights and per-example predictions, bit for bit.
Cells are matched by what they are (data set, model, loss, augmentation, seed), not by id: two
builds of a plugin give the same cells different ids. Timings, ids, hashes and paths are ignored.
Exit 0 when all match, 1 otherwise (the differences printed).

usage: compare.py RESULTS_A RESULTS_B   (each the <out>/<name> folder of a run)
"""
import glob
import hashlib
import json
import os
import struct
import sys

IGNORED = ("second", "time", "wall", "hash", "sha256", "started", "finished", "host", "environment", "path", "duration", "content")


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items()
                if k not in ("weights-file", "file", "id", "cell-id") and not any(t in k for t in IGNORED)}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def tensors(path):
    """Name -> SHA-256 of the tensor's bytes in a safetensors file (its metadata, which names the cell, left out)."""
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    return {k: hashlib.sha256(body[v["data_offsets"][0]:v["data_offsets"][1]]).hexdigest()
            for k, v in header.items() if k != "__metadata__"}


def cells(folder):
    out = {}
    for path in glob.glob(os.path.join(folder, "cells", "*.json")):
        with open(path) as f:
            record = json.load(f)
        key = (record.get("dataset", ""), record["model"], record["loss"], record["augmentation"], record["seed"])
        files = [os.path.join(folder, record["training"]["weights-file"])]
        if record.get("predictions"):
            files.append(os.path.join(folder, record["predictions"]["file"]))
        out[key] = (strip(record), [tensors(p) for p in files])
    return out


def differences(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            yield from differences(a.get(k), b.get(k), f"{path}.{k}")
    elif a != b:
        yield f"{path}: {a!r} vs {b!r}"


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    a, b = cells(argv[1]), cells(argv[2])
    if not a or set(a) != set(b):
        print(f"the folders hold different cells: {len(a)} vs {len(b)}", file=sys.stderr)
        return 1
    bad = 0
    for key in sorted(a, key=str):
        (record_a, tensors_a), (record_b, tensors_b) = a[key], b[key]
        found = list(differences(record_a, record_b))
        if tensors_a != tensors_b:
            found.append("weight or prediction tensors differ")
        if found:
            bad += 1
            print(" / ".join(map(str, key)))
            for line in found[:10]:
                print("   ", line)
    print(f"{len(a) - bad} of {len(a)} cells identical (metrics, curves, epochs, weight and prediction tensors)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
