using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Evaluations;
using LossBench.Sdk.Losses;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Testing;

/// <summary>
/// Small, seeded inputs of the shapes and types the host gives plugins. Every tensor is new and
/// belongs to the caller: build them inside <c>using var scope = torch.NewDisposeScope();</c> and
/// they are freed with it. The same arguments give the same values.
/// </summary>
public static class TestData
{
    /// <summary>
    /// A loss's input as the host builds it when no augmentation mixed the targets: logits z [N,C]
    /// (standard normal times <paramref name="logitScale"/>, requiring grad), labels y int64 [N]
    /// (every class present when N ≥ C), one-hot targets q and <see cref="LossInput.TargetsAreOneHot"/> set.
    /// Bias and teacher probabilities (uniform) only when asked for.
    /// </summary>
    public static LossInput LossInput(int batch = 8, int classes = 4, ulong seed = 0, double logitScale = 1,
        ScalarType dtype = ScalarType.Float32, bool biasProbs = false, bool teacherProbs = false, TrainingProgress? progress = null)
    {
        CheckCounts(batch, classes);
        using var generator = new Generator(seed);
        var logits = (randn([batch, classes], generator, dtype) * logitScale).detach().requires_grad_();
        var labels = Labels(batch, classes, generator);
        var uniform = full([batch, classes], 1.0 / classes, dtype);
        return new LossInput(logits, labels, nn.functional.one_hot(labels, classes).to(dtype), biasProbs ? uniform : null,
            progress ?? new TrainingProgress(0, 1, 0, 1))
        {
            TargetsAreOneHot = true,
            TeacherProbs = teacherProbs ? uniform.clone() : null,
        };
    }

    /// <summary>
    /// <paramref name="input"/> with mixed targets, as mixup makes them: q = λ·q + (1 − λ)·q[perm], with
    /// <see cref="LossInput.TargetsAreOneHot"/> false. The labels stay those of the first image.
    /// </summary>
    public static LossInput Mixed(LossInput input, double lambda = 0.7, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var generator = new Generator(seed);
        var permutation = randperm(input.Labels.shape[0], generator);
        var mixed = input.TargetProbs * lambda + input.TargetProbs.index_select(0, permutation) * (1 - lambda);
        return input with { TargetProbs = mixed, TargetsAreOneHot = false };
    }

    /// <summary>A training batch: images float32 [N,C,H,W] uniform in [0, 1], labels int64 [N], one-hot targets float32 [N,classes].</summary>
    public static Batch Batch(int count = 8, int channels = 1, int height = 8, int width = 8, int classes = 4, ulong seed = 0)
    {
        CheckCounts(count, classes);
        using var generator = new Generator(seed);
        var images = rand([count, channels, height, width], generator);
        var labels = Labels(count, classes, generator);
        return new Batch(images, labels, nn.functional.one_hot(labels, classes).to(ScalarType.Float32));
    }

    /// <summary>
    /// One split of a learnable toy problem: each class has its own bright square on a dark noisy
    /// background, so a small model learns it in a few steps. Images float32 [N,C,H,W] in [0, 1].
    /// </summary>
    public static TensorDataset Split(int count = 32, int channels = 1, int height = 8, int width = 8, int classes = 4, ulong seed = 0)
    {
        CheckCounts(count, classes);
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed);
        var labels = Labels(count, classes, generator);
        var patterns = ClassPatterns(channels, height, width, classes);
        var images = (patterns.index_select(0, labels) * 0.8 + rand([count, channels, height, width], generator) * 0.2).clamp(0, 1);
        return new TensorDataset(images.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }

    /// <summary>Train and test splits of <see cref="Split"/> (different seeds), plus named extra splits of <paramref name="testCount"/> images each.</summary>
    public static DataSplits Splits(int trainCount = 64, int testCount = 32, int channels = 1, int height = 8, int width = 8, int classes = 4,
        ulong seed = 0, params string[] extraSplits)
    {
        var extra = extraSplits.Select((name, i) => (name, split: Split(testCount, channels, height, width, classes, seed + 2 + (ulong)i)))
            .ToDictionary(e => e.name, e => e.split, StringComparer.Ordinal);
        return new DataSplits(Split(trainCount, channels, height, width, classes, seed), Split(testCount, channels, height, width, classes, seed + 1), extra);
    }

    /// <summary>A linear classifier (flatten, then one linear layer) initialised from <paramref name="seed"/>, in eval mode.</summary>
    public static Module<Tensor, Tensor> LinearModel(int channels = 1, int height = 8, int width = 8, int classes = 4, ulong seed = 0)
    {
        using var generator = new Generator(seed);
        var model = nn.Sequential(nn.Flatten(), nn.Linear(channels * height * width, classes, generator: generator));
        model.eval();
        return model;
    }

    /// <summary>
    /// What an evaluation gets: a trained-looking classifier (by default <see cref="LinearModel"/>
    /// fitted for a few steps to <see cref="Splits"/>, so that accuracy is well above chance), the
    /// splits, the CPU, a generator seeded by <paramref name="seed"/> and a budget.
    /// </summary>
    public static EvaluationContext EvaluationContext(Module<Tensor, Tensor>? model = null, DataSplits? splits = null, ulong seed = 0,
        EvaluationBudget? budget = null, PredictionLink link = PredictionLink.Softmax)
    {
        splits ??= Splits(seed: seed);
        if (model is null)
        {
            var shape = splits.Train.Images.shape;
            var classes = (int)splits.Train.Labels.max().item<long>() + 1;
            model = LinearModel((int)shape[1], (int)shape[2], (int)shape[3], classes, seed);
            Fit(model, splits.Train, steps: 30);
        }
        return new EvaluationContext(model, splits, CPU, new Generator(seed), budget ?? new EvaluationBudget(BatchSize: 16)) { Link = link };
    }

    /// <summary>A few full-batch gradient steps of cross-entropy, leaving the model in eval mode.</summary>
    private static void Fit(Module<Tensor, Tensor> model, TensorDataset data, int steps)
    {
        model.train();
        var parameters = model.parameters().ToArray();
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var loss = nn.functional.cross_entropy(model.forward(data.Images), data.Labels);
            var gradients = autograd.grad([loss], parameters);
            using (no_grad())
                for (var i = 0; i < parameters.Length; i++)
                    parameters[i].add_(gradients[i]!, -0.5);
        }
        model.eval();
    }

    /// <summary>Labels 0..classes-1 repeated, in a seeded random order: every class present when count ≥ classes.</summary>
    private static Tensor Labels(int count, int classes, Generator generator) =>
        (arange(count, ScalarType.Int64) % classes).index_select(0, randperm(count, generator));

    /// <summary>[classes, C, H, W]: class k lights a square at its own position.</summary>
    private static Tensor ClassPatterns(int channels, int height, int width, int classes)
    {
        var patterns = new float[classes * channels * height * width];
        var side = Math.Max(1, Math.Min(height, width) / 2);
        for (var k = 0; k < classes; k++)
        {
            var top = k * 7 % Math.Max(1, height - side + 1);
            var left = k * 3 % Math.Max(1, width - side + 1);
            for (var c = 0; c < channels; c++)
            for (var y = top; y < top + side; y++)
            for (var x = left; x < left + side; x++)
                patterns[((k * channels + c) * height + y) * width + x] = 1;
        }
        return tensor(patterns, [classes, channels, height, width]);
    }

    private static void CheckCounts(int count, int classes)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "need at least one example");
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "a classifier needs at least two classes");
    }
}
