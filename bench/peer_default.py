#!/usr/bin/python3
"""The PyTorch peer of `lossbench run benchmarks.yaml` (the default benchmark), for
bench/whole-process.sh: the same cells doing the same work, in plain PyTorch. Run with Debian's
python3-torch (/usr/bin/python3), which uses the same libtorch as LossBench.

What it does, per cell (5 losses x the seeds, 15 cells by default), as the tool does:
  data      data/mnist-10k split as the mnist-10k plugin splits it: randperm(10000, Generator(0)),
            the first 8,000 indices train, the next 2,000 test (the same images as the tool's).
  model     cnn-small: Conv2d(1,32,3,p=1), ReLU, MaxPool2d(2), Conv2d(32,64,3,p=1), ReLU,
            MaxPool2d(2), Flatten, Linear(3136,10); PyTorch's default initialisation.
  training  2 epochs of 62 batches of 128 (the tail batch dropped), a fresh permutation each epoch;
            batches by index_select of the images, labels and one-hot targets; SGD lr 0.05,
            momentum 0.9, nesterov, weight decay 5e-4; cosine learning rate set every step
            (LearningRateSchedule.cs); the loss read every step (the tool checks it is finite);
            training accuracy counted each step; test accuracy over the 2,000 test images after
            each epoch (eval batches of 512, CellTrainer.cs). The weights are saved once trained.
  losses    cross-entropy (cross_entropy on the labels), bce (binary_cross_entropy_with_logits on
            the one-hot targets, mean over classes and batch), focal (gamma 2: -sum_c q_c
            (1 - p_c)^2 log p_c, mean over the batch, 1 - p from -expm1(log p) clamped at 1e-30),
            dice (1 - mean_c (2 TP_c + 1) / (sum_i p_ic + sum_i q_ic + 1), p = softmax), combo
            (1 * bce + 1 * dice). bce and combo are evaluated under the one-vs-all sigmoid link
            (p_c = sigmoid(z_c) / sum_k sigmoid(z_k)), the others under softmax.
  clean     accuracy, NLL and ECE (15 equal-width bins) on the 2,000 test images, in float64.
  fgsm      the first 500 test images: the input gradient of the per-example cross-entropy, then
            per epsilon (0.05, 0.1, 0.2, 0.3) the attacked accuracy and the sign-noise control of
            the same size; clean accuracy, the zero-gradient, non-monotone and noise-stronger flags.
  pgd       the first 250: the clean gradient (for the flags), then per epsilon 10 steps of size
            2.5 eps / 10 from a uniform random start in the L-infinity ball, the attacked accuracy
            and the sign-noise control; the same flags.
  saliency  the first 500: |input gradient| summed over channels ranks the pixels; for fractions
            0, 0.01, 0.02, 0.05, 0.1, 0.2 the most salient pixels, and as the control as many
            random pixels, are set to the test split's mean; accuracies, areas, gap, flag.
  output    one small JSON file per cell (training record and metrics) in the output folder.
The per-example outcomes the tool keeps (predicted class, p(label), correctness of every
evaluated example) are computed here too, batch by batch as the tool does, but not written.

What the tool does and this peer does not (no PyTorch counterpart in a plain script):
  - the report: the statistics over seeds (paired tests, confidence intervals), the tables
    (report.md, CSV, JSON) and report.html with its figures; `--no-html` leaves out only the HTML;
  - the per-example predictions file of each cell, the plan and run manifests, the result
    store's hashes of the weights and records, and the progress display;
  - .NET's start-up, plugin loading and configuration checking (part of the whole-process time).
Seeds differ (the tool derives its own), so the numbers are not the tool's bit for bit; the work is.
Mirrors plugins/Losses, plugins/Evaluations/CleanEvaluation.cs and plugins/Attacks: change together.
"""

import argparse
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F

from peer_pytorch import create_model, load_mnist

TRAIN, TEST, SPLIT_SEED = 8000, 2000, 0
EPOCHS, BATCH, EVAL_BATCH = 2, 128, 512
LR, MOMENTUM, WEIGHT_DECAY = 0.05, 0.9, 5e-4
CLASSES = 10
LOSSES = ["cross-entropy", "bce", "focal", "dice", "combo"]
SIGMOID_LINK = {"bce", "combo"}
ECE_BINS = 15
EPSILONS = [0.05, 0.1, 0.2, 0.3]
FGSM_EXAMPLES, PGD_EXAMPLES, SALIENCY_EXAMPLES = 500, 250, 500
PGD_STEPS = 10
FRACTIONS = [0, 0.01, 0.02, 0.05, 0.1, 0.2]
FLAG_TOLERANCE = 0.01


# ---- data and model ----------------------------------------------------------------------------

def load_splits(data_dir):
    """As Mnist10kDataset.Load: float32 [N,1,28,28] in [0, 1], split by randperm(10000, Generator(0))."""
    images, labels = load_mnist(data_dir)
    n = images.shape[0]
    order = torch.randperm(n, generator=torch.Generator().manual_seed(SPLIT_SEED))
    train, test = order[:TRAIN], order[TRAIN:TRAIN + TEST]
    return (images.index_select(0, train), labels.index_select(0, train)), (images.index_select(0, test), labels.index_select(0, test))


def cnn_small():
    """The train-step benchmark's cnn-small (10 classes), layer for layer as the cnn-small plugin."""
    return create_model("cnn-small")


# ---- losses (plugins/Losses) -------------------------------------------------------------------

def bce(logits, labels, targets):
    return F.binary_cross_entropy_with_logits(logits, targets)


def dice(logits, labels, targets, smooth=1.0):
    p = F.softmax(logits, 1)
    tp = (p * targets).sum(0)
    return 1 - ((tp * 2 + smooth) / (p.sum(0) + targets.sum(0) + smooth)).mean()


def focal(logits, labels, targets, gamma=2.0):
    log_p = F.log_softmax(logits, 1)
    one_minus_p = log_p.expm1().neg().clamp_min(1e-30)
    return -(targets * one_minus_p.pow(gamma) * log_p).sum(1).mean()


LOSS_FUNCTIONS = {
    "cross-entropy": lambda z, y, q: F.cross_entropy(z, y),
    "bce": bce,
    "focal": focal,
    "dice": dice,
    "combo": lambda z, y, q: bce(z, y, q) * 1.0 + dice(z, y, q) * 1.0,
}


def log_probabilities(logits, loss):
    """EvaluationContext.LogProbabilities: log softmax, or the normalised one-vs-all sigmoids."""
    if loss not in SIGMOID_LINK:
        return F.log_softmax(logits, 1)
    log_sigmoid = F.logsigmoid(logits)
    return log_sigmoid - log_sigmoid.logsumexp(1, keepdim=True)


# ---- training (src/Host/Training/CellTrainer.cs) -----------------------------------------------

def cosine_rate(step, total):
    return LR * 0.5 * (1 + math.cos(math.pi * step / total))


def accuracy(model, images, labels):
    model.eval()
    correct = 0
    with torch.no_grad():
        for start in range(0, images.shape[0], EVAL_BATCH):
            logits = model(images[start:start + EVAL_BATCH])
            correct += logits.argmax(1).eq(labels[start:start + EVAL_BATCH]).sum().item()
    return correct / images.shape[0]


def train(model, loss_name, train_split, test_split, data_order):
    images, labels = train_split
    compute = LOSS_FUNCTIONS[loss_name]
    targets = F.one_hot(labels, CLASSES).to(torch.float32)
    batches = images.shape[0] // BATCH
    total = batches * EPOCHS
    optimizer = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM, nesterov=True, weight_decay=WEIGHT_DECAY)
    epochs = []
    step = 0
    started = time.perf_counter()
    model.train()
    for epoch in range(EPOCHS):
        epoch_started = time.perf_counter()
        loss_sum = 0.0
        order = torch.randperm(images.shape[0], generator=data_order)
        correct = torch.zeros((), dtype=torch.int64)
        for batch in range(batches):
            for group in optimizer.param_groups:
                group["lr"] = cosine_rate(step, total)
            indices = order.narrow(0, batch * BATCH, BATCH)
            x, y, q = images.index_select(0, indices), labels.index_select(0, indices), targets.index_select(0, indices)
            logits = model(x)
            loss = compute(logits, y, q)
            value = loss.item()
            if not math.isfinite(value):
                return {"epochs": epochs, "steps": step, "seconds": time.perf_counter() - started, "diverged_at_step": step}
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            loss_sum += value
            with torch.no_grad():
                correct.add_(logits.argmax(1).eq(y).sum())
            step += 1
        train_accuracy = correct.item() / (batches * BATCH)
        test_accuracy = accuracy(model, *test_split)
        model.train()
        epochs.append({"epoch": epoch + 1, "loss": loss_sum / batches, "train_accuracy": train_accuracy,
                       "test_accuracy": test_accuracy, "seconds": time.perf_counter() - epoch_started})
    model.eval()
    return {"epochs": epochs, "steps": step, "seconds": time.perf_counter() - started}


# ---- evaluations -------------------------------------------------------------------------------

def outcomes(logits, labels, correct, loss):
    """ExampleCollector.Add: predicted class, p(label) in float64 and correctness per example (kept, not written)."""
    log_p = log_probabilities(logits.to(torch.float64), loss)
    return logits.argmax(1).tolist(), log_p.gather(1, labels.unsqueeze(1)).squeeze(1).exp().tolist(), correct.tolist()


def clean(model, test_split, loss):
    """CleanEvaluation.cs: accuracy, NLL, ECE and the reliability curve."""
    images, labels = test_split
    n = images.shape[0]
    correct = nll = 0.0
    bin_count, bin_correct, bin_confidence = [0] * ECE_BINS, [0.0] * ECE_BINS, [0.0] * ECE_BINS
    per_example = []
    for start in range(0, n, EVAL_BATCH):
        with torch.no_grad():
            logits = model(images[start:start + EVAL_BATCH]).to(torch.float64)
        y = labels[start:start + EVAL_BATCH]
        log_p = log_probabilities(logits, loss)
        label_log_p = log_p.gather(1, y.unsqueeze(1)).squeeze(1)
        nll -= label_log_p.sum().item()
        label_p = label_log_p.exp().tolist()
        top, predicted = log_p.max(1)
        confidences = top.exp().tolist()
        for i, (c, p, t) in enumerate(zip(confidences, predicted.tolist(), y.tolist())):
            hit = 1.0 if p == t else 0.0
            b = min(max(math.ceil(c * ECE_BINS) - 1, 0), ECE_BINS - 1)
            while b > 0 and c <= b / ECE_BINS:
                b -= 1
            while b < ECE_BINS - 1 and c > (b + 1) / ECE_BINS:
                b += 1
            correct += hit
            bin_count[b] += 1
            bin_correct[b] += hit
            bin_confidence[b] += c
            per_example.append((p, label_p[i], hit == 1.0))
    ece = sum(abs(bin_correct[b] - bin_confidence[b]) / n for b in range(ECE_BINS) if bin_count[b])
    reliability = [[bin_confidence[b] / bin_count[b], bin_correct[b] / bin_count[b]] for b in range(ECE_BINS) if bin_count[b]]
    return {"accuracy": correct / n, "nll": nll / n, "ece": ece}, {"reliability": reliability}


def input_gradient(model, images, labels):
    """AttackObjective.InputGradient: d sum(per-example cross-entropy) / d images, and the logits."""
    with torch.enable_grad():
        x = images.detach().requires_grad_()
        logits = model(x)
        objective = F.cross_entropy(logits, labels, reduction="none").sum()
        gradient, = torch.autograd.grad([objective], [x])
    return gradient, logits.detach()


def zero_gradients(gradient):
    return gradient.flatten(1).ne(0.0).any(1).logical_not().sum().item()


def sign_noise(images, epsilon, generator):
    return torch.rand(images.shape, generator=generator).ge(0.5).to(torch.float32).mul(2.0).sub(1.0).mul(epsilon)


def pgd(model, clean_images, labels, epsilon, generator):
    """Pgd.Run, L-infinity, random start, 10 steps of 2.5 eps / 10."""
    step_size = 2.5 * epsilon / PGD_STEPS
    lower, upper = clean_images.sub(epsilon).clamp_min(0.0), clean_images.add(epsilon).clamp_max(1.0)
    uniform = torch.rand(clean_images.shape, generator=generator).mul(2.0).sub(1.0).mul(epsilon)
    x = clean_images.add(uniform).clamp(lower, upper)
    for _ in range(PGD_STEPS):
        gradient, _ = input_gradient(model, x, labels)
        x = x.add(gradient.sign(), alpha=step_size).clamp(lower, upper)
    return x


def epsilon_attack(model, test_split, count, loss, generator, attack):
    """EpsilonAttack.Evaluate and AttackReport: clean, attacked and noise accuracy per epsilon, the flags."""
    images_all, labels_all = test_split
    clean_count = zero = 0
    robust, noise = [0] * len(EPSILONS), [0] * len(EPSILONS)
    per_example = [[] for _ in EPSILONS]
    for start in range(0, count, EVAL_BATCH):
        length = min(EVAL_BATCH, count - start)
        images, labels = images_all[start:start + length], labels_all[start:start + length]
        gradient, logits = input_gradient(model, images, labels)
        clean_correct = logits.argmax(1).eq(labels)
        clean_count += clean_correct.sum().item()
        zero += zero_gradients(gradient)
        for e, epsilon in enumerate(EPSILONS):
            adversarial = attack(images, labels, gradient, epsilon)
            with torch.no_grad():
                adversarial_logits = model(adversarial)
            hits = adversarial_logits.argmax(1).eq(labels).logical_and(clean_correct)
            per_example[e].append(outcomes(adversarial_logits, labels, hits, loss))
            noisy = images.add(sign_noise(images, epsilon, generator)).clamp(0.0, 1.0)
            with torch.no_grad():
                noise[e] += model(noisy).argmax(1).eq(labels).sum().item()
            robust[e] += hits.sum().item()
    clean_accuracy = clean_count / count
    robust = [r / count for r in robust]
    noise = [r / count for r in noise]
    metrics = {"clean-accuracy": clean_accuracy}
    metrics.update({f"accuracy@eps={e:g}": a for e, a in zip(EPSILONS, robust)})
    metrics.update({f"noise-accuracy@eps={e:g}": a for e, a in zip(EPSILONS, noise)})
    metrics["flag.zero-gradients"] = zero / count
    with_clean = [0.0] + EPSILONS, [clean_accuracy] + robust
    metrics["flag.non-monotone"] = float(any(
        with_clean[0][j] > with_clean[0][i] and with_clean[1][j] > with_clean[1][i] + FLAG_TOLERANCE
        for i in range(len(with_clean[0])) for j in range(len(with_clean[0]))))
    metrics["flag.noise-stronger"] = float(any(n < r - FLAG_TOLERANCE for r, n in zip(robust, noise)))
    curves = {"accuracy": list(zip(*with_clean)), "noise-accuracy": list(zip([0.0] + EPSILONS, [clean_accuracy] + noise))}
    return metrics, curves


def fgsm(model, test_split, loss, generator):
    return epsilon_attack(model, test_split, min(FGSM_EXAMPLES, test_split[0].shape[0]), loss, generator,
                          lambda images, labels, gradient, eps: images.add(gradient.sign(), alpha=eps).clamp(0.0, 1.0))


def pgd_evaluation(model, test_split, loss, generator):
    return epsilon_attack(model, test_split, min(PGD_EXAMPLES, test_split[0].shape[0]), loss, generator,
                          lambda images, labels, gradient, eps: pgd(model, images, labels, eps, generator))


def ranks(scores):
    """SaliencyPixelsEvaluation.Ranks: each pixel's rank by descending score, ties by pixel index."""
    _, order = scores.sort(dim=1, descending=True, stable=True)
    positions = torch.arange(scores.shape[1]).unsqueeze(0).expand(scores.shape[0], scores.shape[1]).contiguous()
    return torch.zeros_like(order).scatter(1, order, positions)


def normalised_area(fractions, accuracies):
    points = sorted(zip(fractions, accuracies))
    area = sum((points[i][0] - points[i - 1][0]) * (points[i][1] + points[i - 1][1]) / 2 for i in range(1, len(points)))
    return area / (points[-1][0] - points[0][0])


def saliency_pixels(model, test_split, generator):
    """SaliencyPixelsEvaluation.cs with the mean fill."""
    images_all, labels_all = test_split
    count = min(SALIENCY_EXAMPLES, images_all.shape[0])
    mean = images_all.to(torch.float64).mean([0, 2, 3], keepdim=True).to(torch.float32)
    salient, random = [0] * len(FRACTIONS), [0] * len(FRACTIONS)
    zero = 0
    for start in range(0, count, EVAL_BATCH):
        length = min(EVAL_BATCH, count - start)
        images, labels = images_all[start:start + length], labels_all[start:start + length]
        gradient, _ = input_gradient(model, images, labels)
        zero += zero_gradients(gradient)
        pixels = images.shape[2] * images.shape[3]
        salient_rank = ranks(gradient.abs().sum(1).flatten(1))
        random_rank = ranks(torch.rand([length, pixels], generator=generator))
        fill = mean.expand_as(images)
        for f, fraction in enumerate(FRACTIONS):
            k = math.floor(fraction * pixels + 0.5)
            for rank, counts in ((salient_rank, salient), (random_rank, random)):
                mask = rank.lt(k).view(length, 1, images.shape[2], images.shape[3])
                with torch.no_grad():
                    counts[f] += model(torch.where(mask, fill, images)).argmax(1).eq(labels).sum().item()
    salient = [c / count for c in salient]
    random = [c / count for c in random]
    metrics = {f"salient.accuracy@k={k:g}": a for k, a in zip(FRACTIONS, salient)}
    metrics.update({f"random.accuracy@k={k:g}": a for k, a in zip(FRACTIONS, random)})
    metrics["salient.area"] = normalised_area(FRACTIONS, salient)
    metrics["random.area"] = normalised_area(FRACTIONS, random)
    metrics["gap"] = metrics["random.area"] - metrics["salient.area"]
    metrics["flag.zero-gradients"] = zero / count
    return metrics, {"salient": list(zip(FRACTIONS, salient)), "random": list(zip(FRACTIONS, random))}


# ---- the run -----------------------------------------------------------------------------------

def timed(evaluate):
    started = time.perf_counter()
    metrics, curves = evaluate()
    return {"metrics": metrics, "curves": curves, "seconds": time.perf_counter() - started}


def run_cell(loss, seed, train_split, test_split, out):
    torch.manual_seed(seed)
    model = cnn_small()
    data_order = torch.Generator().manual_seed(1_000_003 * (seed + 1))
    training = train(model, loss, train_split, test_split, data_order)
    cell = f"mnist-10k_cnn-small_{loss}_none_seed{seed}"
    record = {"id": cell, "benchmark": "default", "dataset": "mnist-10k", "model": "cnn-small", "loss": loss,
              "augmentation": "none", "seed": seed, "link": "one-vs-all-sigmoid" if loss in SIGMOID_LINK else "softmax",
              "training": training}
    if "diverged_at_step" in training:
        record["status"] = "diverged"
    else:
        torch.save(model.state_dict(), os.path.join(out, cell + ".pt"))
        generator = torch.Generator().manual_seed(7_919 * (seed + 1) + LOSSES.index(loss))
        record["evaluations"] = {
            "clean": timed(lambda: clean(model, test_split, loss)),
            "fgsm(examples=500)": timed(lambda: fgsm(model, test_split, loss, generator)),
            "pgd(examples=250)": timed(lambda: pgd_evaluation(model, test_split, loss, generator)),
            "saliency-pixels(examples=500)": timed(lambda: saliency_pixels(model, test_split, generator)),
        }
        record["status"] = "ok"
    path = os.path.join(out, cell + ".json")
    with open(path + ".tmp", "w") as f:
        json.dump(record, f, indent=2)
    os.replace(path + ".tmp", path)
    return record


def find_data_dir():
    here = os.path.dirname(os.path.abspath(__file__))
    candidate = os.path.join(os.path.dirname(here), "data", "mnist-10k")
    return candidate if os.path.exists(os.path.join(candidate, "images-idx3-ubyte.gz")) else None


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True, help="the folder for the per-cell JSON results (created; must be empty)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seeds", default="0,1,2", help="comma-separated seeds (default 0,1,2, as benchmarks.yaml)")
    p.add_argument("--losses", default=",".join(LOSSES), help="comma-separated losses (default: all 5)")
    p.add_argument("--data", default=None, help="the folder of images-idx3-ubyte.gz (default: data/mnist-10k)")
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args(argv)
    if a.threads < 1:
        p.error("--threads must be at least 1")
    try:
        a.seeds = [int(s) for s in a.seeds.split(",")]
    except ValueError:
        p.error(f"--seeds needs comma-separated integers, got '{a.seeds}'")
    a.losses = a.losses.split(",")
    unknown = [loss for loss in a.losses if loss not in LOSSES]
    if unknown:
        p.error(f"unknown loss(es) {', '.join(unknown)}; known: {', '.join(LOSSES)}")
    return a


def main(argv):
    a = parse_args(argv)
    data_dir = a.data or find_data_dir()
    if data_dir is None or not os.path.exists(os.path.join(data_dir, "images-idx3-ubyte.gz")):
        print("peer_default.py: MNIST 10k not found; pass --data DIR (the folder of images-idx3-ubyte.gz)", file=sys.stderr)
        return 2
    os.makedirs(a.out, exist_ok=True)
    if os.listdir(a.out):
        print(f"peer_default.py: the output folder {a.out} is not empty", file=sys.stderr)
        return 2
    torch.set_num_threads(a.threads)
    train_split, test_split = load_splits(data_dir)
    started = time.perf_counter()
    failed = 0
    # As the tool's matrix: every loss of a seed, seed by seed.
    for seed in a.seeds:
        for loss in a.losses:
            record = run_cell(loss, seed, train_split, test_split, a.out)
            if record["status"] != "ok":
                failed += 1
            if not a.quiet:
                clean_metrics = record.get("evaluations", {}).get("clean", {}).get("metrics", {})
                print(f"{record['id']}: {record['status']}, {record['training']['seconds']:.1f} s training, "
                      f"clean accuracy {clean_metrics.get('accuracy', float('nan')):.4f}, "
                      f"nll {clean_metrics.get('nll', float('nan')):.4f}, ece {clean_metrics.get('ece', float('nan')):.4f}", flush=True)
    if not a.quiet:
        print(f"{len(a.seeds) * len(a.losses)} cells in {time.perf_counter() - started:.1f} s ({failed} not ok)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
