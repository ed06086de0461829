#!/usr/bin/python3
"""The PyTorch peer of `LossBench.Bench pgd` (bench/LossBench.Bench/PgdBenchmark.cs): PGD
(L-infinity, random start, cross-entropy summed over the batch, step size 2.5 * eps / steps) on
cnn-small, then the robust-accuracy forward pass, batch after batch, in examples per second. Run
with Debian's python3-torch (/usr/bin/python3), which uses the same libtorch as LossBench.Torch.
See bench/attacks.sh.

Mirrors PgdBenchmark.cs and the Attacks plugin's Pgd.Perturb: change them together. Written as
PGD is usually written in PyTorch: autograd.grad with respect to the images only, the step and the
projection on detached tensors, no .item() inside the steps.
"""

import argparse
import json
import os
import platform
import resource
import sys
import time

import torch
import torch.nn.functional as F

from peer_pytorch import JSON_PREFIX, create_model, find_data_dir, load_average, load_mnist


def pgd_linf(model, clean, labels, eps, steps, step_size, generator):
    """As Pgd.Perturb with one restart: uniform random start in the ball, then steps of sign(grad)."""
    lower = (clean - eps).clamp_min(0.0)
    upper = (clean + eps).clamp_max(1.0)
    delta = torch.rand(clean.shape, generator=generator).mul(2.0).sub(1.0).mul(eps)
    x = clean.add(delta).clamp(lower, upper)
    for _ in range(steps):
        x.requires_grad_(True)
        loss = F.cross_entropy(model(x), labels, reduction="none").sum()
        (grad,) = torch.autograd.grad(loss, [x])
        x = x.detach().add(grad.sign(), alpha=step_size).clamp(lower, upper)
    return x


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--batches", type=int, default=12, help="timed batches")
    p.add_argument("--warmup", type=int, default=2, help="untimed batches first")
    p.add_argument("--eps", type=float, default=0.3)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data", default=None)
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args(argv)
    if a.threads < 1 or a.batch < 1 or a.batches < 1 or a.steps < 1 or a.warmup < 0 or not 0 <= a.eps <= 1:
        p.error("threads, batch, batches and steps must be at least 1, warmup at least 0, eps in [0, 1]")
    return a


def run(a, data_dir):
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    images, labels = load_mnist(data_dir)
    model = create_model("cnn-small")
    model.eval()
    generator = torch.Generator().manual_seed(a.seed)
    step_size = 2.5 * a.eps / a.steps
    per_epoch = images.shape[0] // a.batch
    if per_epoch == 0:
        raise SystemExit(f"the data set has {images.shape[0]} images, fewer than one batch of {a.batch}")

    robust = 0
    checksum = 0.0
    started = cpu_started = None
    faults_started = 0
    for batch in range(a.warmup + a.batches):
        if batch == a.warmup:
            started = time.perf_counter()
            cpu_started = time.process_time()
            faults_started = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        start = batch % per_epoch * a.batch
        x = images.narrow(0, start, a.batch)
        y = labels.narrow(0, start, a.batch)
        adversarial = pgd_linf(model, x, y, a.eps, a.steps, step_size, generator)
        with torch.no_grad():
            correct = model(adversarial).argmax(1).eq(y).sum().item()
        if batch >= a.warmup:
            robust += correct
        if batch == a.warmup + a.batches - 1:
            checksum = adversarial.to(torch.float64).sum().item()
    seconds = time.perf_counter() - started
    return {
        "framework": "pytorch",
        "attack": "pgd-linf",
        "model": "cnn-small",
        "threads": a.threads,
        "batch": a.batch,
        "eps": a.eps,
        "steps": a.steps,
        "warmup_batches": a.warmup,
        "timed_batches": a.batches,
        "seconds": seconds,
        "examples_per_sec": a.batches * a.batch / seconds,
        "ms_per_batch": seconds * 1000 / a.batches,
        "cpu_seconds": time.process_time() - cpu_started,
        "minor_faults_per_batch": (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults_started) / a.batches,
        "loadavg_1m": load_average(),
        "robust": robust,
        "checksum": checksum,
        "torch_version": torch.__version__,
        "runtime": "Python " + platform.python_version(),
    }


def main(argv):
    a = parse_args(argv)
    data_dir = a.data or find_data_dir()
    if data_dir is None or not os.path.exists(os.path.join(data_dir, "images-idx3-ubyte.gz")):
        print("error: MNIST 10k not found; pass --data DIR (the folder of images-idx3-ubyte.gz)", file=sys.stderr)
        return 2
    r = run(a, data_dir)
    if not a.quiet:
        print(f"pytorch pgd-linf cnn-small: eps {r['eps']}, {r['steps']} steps, batch {r['batch']}, {r['threads']} thread(s)\n"
              f"  throughput {r['examples_per_sec']:10.1f} examples/s   {r['ms_per_batch']:.1f} ms/batch over {r['timed_batches']} timed batches "
              f"({r['seconds']:.2f} s, CPU {r['cpu_seconds']:.2f} s, load {r['loadavg_1m']:.2f}, {r['minor_faults_per_batch']:.0f} page faults/batch)\n"
              f"  robust {r['robust']} of {r['timed_batches'] * r['batch']}, checksum {r['checksum']!r}")
    print(JSON_PREFIX + json.dumps(r), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
