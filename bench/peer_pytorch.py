#!/usr/bin/python3
"""The PyTorch peer of bench/LossBench.Bench: the same models, data, batch order and step loop,
measured the same way, printing the same JSON line. Run with Debian's python3-torch
(/usr/bin/python3), which uses the same libtorch as LossBench.Torch. See bench/run.sh.

Mirrors TrainingBenchmark.cs: change both together.
"""

import argparse
import gc
import gzip
import json
import os
import platform
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

LEARNING_RATE = 0.05
MOMENTUM = 0.9
JSON_PREFIX = "BENCH_JSON "
DEFAULT_BATCH = {"mlp": 64, "cnn-small": 128, "wrn-16-4": 64, "resnet-18": 64}
CIFAR_SHAPED = ("wrn-16-4", "resnet-18")


class WideResNetBlock(nn.Module):
    """plugins/Models/WideResNetBlock.cs: pre-activation BN-ReLU-conv3x3-BN-ReLU-conv3x3 plus the
    input, or a 1x1 convolution of the pre-activated input when the shape changes."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.shortcut = nn.Conv2d(cin, cout, 1, stride=stride, bias=False) if cin != cout or stride != 1 else None

    def forward(self, x):
        activated = F.relu(self.bn1(x))
        hidden = F.relu(self.bn2(self.conv1(activated)))
        residual = self.conv2(hidden)
        return residual + (x if self.shortcut is None else self.shortcut(activated))


class ResNetBlock(nn.Module):
    """plugins/Models/ResNetBlock.cs: conv3x3-BN-ReLU-conv3x3-BN plus the shortcut (1x1 conv + BN
    when the shape changes), then ReLU."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut_conv = self.shortcut_bn = None
        if cin != cout or stride != 1:
            self.shortcut_conv = nn.Conv2d(cin, cout, 1, stride=stride, bias=False)
            self.shortcut_bn = nn.BatchNorm2d(cout)

    def forward(self, x):
        hidden = F.relu(self.bn1(self.conv1(x)))
        residual = self.bn2(self.conv2(hidden))
        shortcut = x if self.shortcut_conv is None else self.shortcut_bn(self.shortcut_conv(x))
        return F.relu(residual + shortcut)


def wide_resnet(depth, k, channels=3, classes=10):
    """plugins/Models/WideResNetModel.cs, module for module in the same registration order."""
    n = (depth - 4) // 6
    widths = [16, 16 * k, 32 * k, 64 * k]
    layers = [nn.Conv2d(channels, widths[0], 3, padding=1, bias=False)]
    for group in range(3):
        for block in range(n):
            cin = widths[group] if block == 0 else widths[group + 1]
            layers.append(WideResNetBlock(cin, widths[group + 1], 2 if block == 0 and group > 0 else 1))
    layers += [nn.BatchNorm2d(widths[3]), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(widths[3], classes)]
    return nn.Sequential(*layers)


def resnet18(channels=3, classes=10, width=64):
    """plugins/Models/ResNetModel.cs with depth 18, module for module in the same registration order."""
    layers = [nn.Conv2d(channels, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU()]
    cin = width
    for stage in range(4):
        for block in range(2):
            layers.append(ResNetBlock(cin, width << stage, 2 if block == 0 and stage > 0 else 1))
            cin = width << stage
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, classes)]
    return nn.Sequential(*layers)


def create_model(name):
    """Layer for layer as BenchModels.cs; PyTorch's default initialisation in registration order."""
    if name == "mlp":
        return nn.Sequential(
            nn.Flatten(),
            nn.Linear(784, 256), nn.ReLU(),
            nn.Linear(256, 256), nn.ReLU(),
            nn.Linear(256, 10))
    if name == "cnn-small":
        return nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(64 * 7 * 7, 10))
    if name == "wrn-16-4":
        return wide_resnet(16, 4)
    if name == "resnet-18":
        return resnet18()
    raise ValueError(f"unknown model '{name}'")


def read_idx(path):
    """An IDX file (optionally gzip-compressed) as a uint8 tensor of its dimensions."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    offset = 4 + 4 * ndim
    return torch.frombuffer(bytearray(data[offset:]), dtype=torch.uint8).reshape(dims)


def load_mnist(data_dir):
    """As IdxImageSet.Load: float32 [N, 1, H, W] in [0, 1] and int64 [N]."""
    images = read_idx(os.path.join(data_dir, "images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(data_dir, "labels-idx1-ubyte.gz"))
    n, h, w = images.shape
    return images.reshape(n, 1, h, w).to(torch.float32).div_(255.0), labels.to(torch.int64)


def synthetic_cifar(seed):
    """As TrainingBenchmark.SyntheticCifar: 1,024 uniform 3x32x32 images, then uniform labels of 10 classes, from Generator(seed)."""
    generator = torch.Generator().manual_seed(seed)
    images = torch.rand(1024, 3, 32, 32, generator=generator)
    labels = torch.randint(0, 10, (1024,), generator=generator)
    return images, labels


def resident_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("/proc/self/status has no VmRSS line")


def load_average():
    """The 1-minute load average at the end of the run: above the thread count means other work shared the cores."""
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def find_data_dir():
    here = os.path.dirname(os.path.abspath(__file__))
    for start in (os.getcwd(), here):
        d = start
        while True:
            candidate = os.path.join(d, "data", "mnist-10k")
            if os.path.exists(os.path.join(candidate, "images-idx3-ubyte.gz")):
                return candidate
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
    return None


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", required=True, choices=list(DEFAULT_BATCH))
    p.add_argument("--steps", type=int, default=10_000, help="training steps in all, warm-up included")
    p.add_argument("--warmup", type=int, default=20, help="untimed steps first")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=None)
    p.add_argument("--loss-every", type=int, default=0,
                   help="read the loss (.item()) every N steps (default: only at the RSS steps and the last step)")
    p.add_argument("--rss-steps", default="1000,10000")
    p.add_argument("--rss-every", type=int, default=0, help="also record resident memory every N steps (rss_trace)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data", default=None)
    p.add_argument("--profile", action="store_true")
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args(argv)
    early, late = (int(s) for s in a.rss_steps.split(","))
    if not 1 <= early <= late:
        p.error("--rss-steps needs two step numbers A,B with 1 <= A <= B")
    if a.threads < 1:
        p.error("--threads must be at least 1")
    if a.steps <= a.warmup:
        p.error(f"--steps ({a.steps}) must exceed --warmup ({a.warmup})")
    a.rss_early, a.rss_late = early, late
    a.batch = a.batch or DEFAULT_BATCH[a.model]
    return a


def run(a, data_dir):
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    images, labels = synthetic_cifar(a.seed) if a.model in CIFAR_SHAPED else load_mnist(data_dir)
    generator = torch.Generator().manual_seed(a.seed)
    permutation = torch.randperm(images.shape[0], generator=generator)
    images = images.index_select(0, permutation)
    labels = labels.index_select(0, permutation)
    batch = a.batch
    batches_per_epoch = images.shape[0] // batch
    if batches_per_epoch == 0:
        raise SystemExit(f"the data set has {images.shape[0]} images, fewer than one batch of {batch}")

    # Initialised after the data, from the global generator, as TrainingBenchmark.cs does.
    model = create_model(a.model)
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM)
    gc.collect()  # as TrainingBenchmark.cs does after loading (here it finds next to nothing)

    early, late = min(a.rss_early, a.steps), min(a.rss_late, a.steps)
    rss_early = rss_late = 0
    loss_first = loss_early = loss_last = float("nan")
    trace = [] if a.rss_every > 0 else None
    phases = [0.0] * 5 if a.profile else None
    clock = time.perf_counter
    started = None
    cpu_started = None
    faults_started = 0

    for step in range(1, a.steps + 1):
        if step == a.warmup + 1:
            started = clock()
            cpu_started = time.process_time()
            faults_started = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        read_loss = step == 1 or step == early or step == a.steps or (a.loss_every > 0 and step % a.loss_every == 0)
        start = ((step - 1) % batches_per_epoch) * batch
        if phases is None:
            x = images.narrow(0, start, batch)
            y = labels.narrow(0, start, batch)
            logits = model(x)
            loss = F.cross_entropy(logits, y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        else:
            t0 = clock()
            x = images.narrow(0, start, batch)
            y = labels.narrow(0, start, batch)
            logits = model(x)
            t1 = clock()
            loss = F.cross_entropy(logits, y)
            t2 = clock()
            optimizer.zero_grad(set_to_none=True)
            t3 = clock()
            loss.backward()
            t4 = clock()
            optimizer.step()
            t5 = clock()
            if step > a.warmup:
                for i, (u, v) in enumerate(((t0, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5))):
                    phases[i] += v - u
        value = loss.item() if read_loss else float("nan")
        if step == 1:
            loss_first = value
        if step == early:
            loss_early = value
            rss_early = resident_kb()
        if step == late:
            rss_late = resident_kb()
        if step == a.steps:
            loss_last = value
        if trace is not None and step % a.rss_every == 0:
            trace.append([step, resident_kb()])
    seconds = clock() - started
    cpu_seconds = time.process_time() - cpu_started
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults_started

    timed = a.steps - a.warmup
    result = {
        "framework": "pytorch",
        "model": a.model,
        "threads": a.threads,
        "batch": batch,
        "steps": a.steps,
        "warmup": a.warmup,
        "timed_steps": timed,
        "seconds": seconds,
        "images_per_sec": timed * batch / seconds,
        "ms_per_step": seconds * 1000 / timed,
        "cpu_seconds": cpu_seconds,
        "minor_faults_per_step": faults / timed,
        "loadavg_1m": load_average(),
        "rss_early_step": early,
        "rss_early_kb": rss_early,
        "rss_late_step": late,
        "rss_late_kb": rss_late,
        "rss_late_is_last_step": a.steps < a.rss_late,
        "rss_growth_pct": 100.0 * (rss_late - rss_early) / rss_early,
        "loss_first": loss_first,
        "loss_early": loss_early,
        "loss_last": loss_last,
        "torch_version": torch.__version__,
        "runtime": "Python " + platform.python_version(),
    }
    if trace is not None:
        result["rss_trace"] = trace
    if phases is not None:
        result["phases_ms"] = {name: s * 1000 / timed for name, s in
                               zip(("forward", "loss", "zero_grad", "backward", "step"), phases)}
    return result


def table(r):
    lines = [
        f"{r['framework']} {r['model']}: {r['steps']} steps ({r['warmup']} warm-up), batch {r['batch']}, {r['threads']} thread(s)",
        f"  throughput     {r['images_per_sec']:12.1f} images/s   {r['ms_per_step']:.3f} ms/step over {r['timed_steps']} timed steps ({r['seconds']:.2f} s, CPU {r['cpu_seconds']:.2f} s, load {r['loadavg_1m']:.2f}, {r['minor_faults_per_step']:.0f} page faults/step)",
        f"  RSS @ step {r['rss_early_step']:<6} {r['rss_early_kb']:10,} kB",
        f"  RSS @ step {r['rss_late_step']:<6} {r['rss_late_kb']:10,} kB{' (last step)' if r['rss_late_is_last_step'] else ''}   growth {r['rss_growth_pct']:+.2f}%",
        f"  loss           step 1 {r['loss_first']:.4f}, step {r['rss_early_step']} {r['loss_early']:.4f}, last {r['loss_last']:.4f}",
    ]
    if "phases_ms" in r:
        lines.append("  phases (ms)    " + "  ".join(f"{k} {v:.3f}" for k, v in r["phases_ms"].items()))
    return "\n".join(lines)


def main(argv):
    a = parse_args(argv)
    data_dir = a.data or find_data_dir()
    if data_dir is None or not os.path.exists(os.path.join(data_dir, "images-idx3-ubyte.gz")):
        print("error: MNIST 10k not found; pass --data DIR (the folder of images-idx3-ubyte.gz)", file=sys.stderr)
        return 2
    result = run(a, data_dir)
    if not a.quiet:
        print(table(result))
    print(JSON_PREFIX + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
