using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using LossBench.Plugins.Augmentations;
using LossBench.Sdk.Augmentations;
using LossBench.PluginSupport.Data;
using LossBench.Torch;
using LossBench.Torch.Optimizers;
using static LossBench.Torch.torch;

namespace LossBench.Bench;

/// <summary>
/// The cost of each augmentation per training step: milliseconds per Apply on a cnn-small batch
/// (128 MNIST images 1x28x28, one-hot targets), against milliseconds per cnn-small training step
/// (forward, cross-entropy, zero_grad, backward, SGD step) at the same thread count. The training
/// step is timed before and after the augmentations and the mean of the two is the reference, so
/// a drift of the shared machine's load shows as a gap between them.
/// Run through ../augmentations.sh, which pins the environment as ../run.sh does.
/// </summary>
internal static class AugmentationCostBenchmark
{
    private const int Batch = 128;

    public const string Usage = """
        usage: LossBench.Bench augmentation-cost [options]
          --threads N     torch.set_num_threads (default 2)
          --applies N     timed Apply calls per augmentation (default 300, after 30 untimed)
          --steps N       timed training steps, before and after the augmentations each (default 150, after 20 untimed)
          --data DIR      folder with images-idx3-ubyte.gz and labels-idx1-ubyte.gz (default: data/mnist-10k)
        """;

    public static int Run(string[] args)
    {
        var (threads, applies, steps, dataDir) = (2, 300, 150, (string?)null);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            int Positive() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 1
                ? v : throw new ArgumentException($"{arg} needs a positive integer");
            switch (arg)
            {
                case "--threads": threads = Positive(); break;
                case "--applies": applies = Positive(); break;
                case "--steps": steps = Positive(); break;
                case "--data": dataDir = Value(); break;
                case "-h" or "--help": Console.WriteLine(Usage); return 0;
                default: throw new ArgumentException($"unknown option '{arg}'");
            }
        }
        dataDir ??= DataLocator.FindMnist10k();
        if (dataDir is null || !File.Exists(Path.Combine(dataDir, "images-idx3-ubyte.gz")))
            throw new ArgumentException($"MNIST 10k not found{(dataDir is null ? "" : " in " + dataDir)}; pass --data DIR");

        set_num_threads(threads);
        manual_seed(0);
        var (loadedImages, loadedLabels) = IdxImageSet.Load(Path.Combine(dataDir, "images-idx3-ubyte.gz"), Path.Combine(dataDir, "labels-idx1-ubyte.gz"));
        using var images = loadedImages;
        using var labels = loadedLabels;
        using var targets = nn.functional.one_hot(labels, 10).to(ScalarType.Float32);
        var batchesPerEpoch = (int)(images.shape[0] / Batch);

        using var model = BenchModels.Create("cnn-small");
        using var optimizer = optim.SGD(model.parameters(), 0.05, momentum: 0.9);
        var stepBefore = TimeTraining(model, optimizer, images, labels, batchesPerEpoch, steps);

        var rows = new List<(string Name, double Ms)>();
        foreach (var (name, augmentation) in Augmentations())
            rows.Add((name, TimeApply(augmentation, images, labels, targets, batchesPerEpoch, applies)));

        var stepAfter = TimeTraining(model, optimizer, images, labels, batchesPerEpoch, steps);
        var step = (stepBefore + stepAfter) / 2;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cnn-small training step (batch {Batch}, {threads} thread(s)): {step:F2} ms (before {stepBefore:F2}, after {stepAfter:F2}); load average {LoadAverage.OneMinute():F2}"));
        Console.WriteLine();
        Console.WriteLine("| augmentation | ms per Apply | ms per cnn-small step | ratio |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, ms) in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {ms:F3} | {step:F2} | {100 * ms / step:F1}% |"));
        return 0;
    }

    /// <summary>Every augmentation at its default options, .</summary>
    private static IEnumerable<(string, IAugmentation)> Augmentations()
    {
        yield return ("none", new NoAugmentation());
        yield return ("flip", new FlipAugmentation(new FlipOptions()));
        yield return ("crop", new CropAugmentation(new CropOptions()));
        yield return ("flip-crop", new FlipCropAugmentation(new FlipCropOptions()));
        yield return ("cutout", new CutoutAugmentation(new CutoutOptions()));
        yield return ("random-erasing", new RandomErasingAugmentation(new RandomErasingOptions()));
        yield return ("gaussian-noise", new GaussianNoiseAugmentation(new GaussianNoiseOptions()));
        yield return ("mixup", new MixupAugmentation(new MixupOptions()));
        yield return ("cutmix", new CutmixAugmentation(new CutmixOptions()));
        yield return ("rand-augment", new RandAugmentAugmentation(new RandAugmentOptions()));
    }

    /// <summary>Milliseconds per Apply on consecutive batches, each in its own dispose scope as in the trainer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double TimeApply(IAugmentation augmentation, Tensor images, Tensor labels, Tensor targets, int batchesPerEpoch, int applies)
    {
        using var generator = new Generator(1);
        const int warmup = 30;
        var clock = new Stopwatch();
        for (var k = 0; k < warmup + applies; k++)
        {
            if (k == warmup) clock.Start();
            using var scope = NewDisposeScope();
            var start = (long)(k % batchesPerEpoch) * Batch;
            var batch = new Batch(images.narrow(0, start, Batch), labels.narrow(0, start, Batch), targets.narrow(0, start, Batch));
            augmentation.Apply(batch, generator);
        }
        clock.Stop();
        return clock.Elapsed.TotalMilliseconds / applies;
    }

    /// <summary>Milliseconds per cnn-small training step, the step of TrainingBenchmark.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double TimeTraining(Module<Tensor, Tensor> model, SGD optimizer, Tensor images, Tensor labels, int batchesPerEpoch, int steps)
    {
        const int warmup = 20;
        var clock = new Stopwatch();
        for (var k = 0; k < warmup + steps; k++)
        {
            if (k == warmup) clock.Start();
            using var scope = NewDisposeScope();
            var start = (long)(k % batchesPerEpoch) * Batch;
            var loss = nn.functional.cross_entropy(model.forward(images.narrow(0, start, Batch)), labels.narrow(0, start, Batch));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        clock.Stop();
        return clock.Elapsed.TotalMilliseconds / steps;
    }
}
