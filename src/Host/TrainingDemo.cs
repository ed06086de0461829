using System.Diagnostics;
using System.Globalization;
using LossBench.PluginSupport.Data;
using LossBench.Torch;
using LossBench.Torch.Modules;

namespace LossBench.Host;

/// <summary>
/// Trains the small CNN on the embedded MNIST subset and reports per-epoch loss and accuracy:
/// the end-to-end check that the engine, the data and the optimizer work together.
/// </summary>
public sealed class TrainingDemo
{
    private readonly TextWriter _out;

    public TrainingDemo(TextWriter output) => _out = output;

    public sealed record Options(int Epochs = 2, int Train = 8000, int Test = 2000, int BatchSize = 128, double LearningRate = 0.05,
        int Threads = 2, ulong Seed = 0, string? DataDirectory = null);

    public sealed record EpochResult(int Epoch, double TrainLoss, double TrainAccuracy, double TestAccuracy, double Seconds);

    public IReadOnlyList<EpochResult> Run(Options options)
    {
        torch.set_num_threads(options.Threads);
        var dataDir = options.DataDirectory ?? Path.Combine(AppContext.BaseDirectory, "data", "mnist-10k");
        var (images, labels) = IdxImageSet.Load(Path.Combine(dataDir, "images-idx3-ubyte.gz"), Path.Combine(dataDir, "labels-idx1-ubyte.gz"));
        using var allImages = images;
        using var allLabels = labels;
        if (options.Train + options.Test > allImages.size(0))
            throw new ArgumentException($"train + test = {options.Train + options.Test} exceeds the {allImages.size(0)} examples in {dataDir}");

        using var split = new Generator(options.Seed);
        using var order = torch.randperm(allImages.size(0), split);
        using var trainIdx = order[..options.Train];
        using var testIdx = order[options.Train..(options.Train + options.Test)];
        using var trainX = allImages.index_select(0, trainIdx);
        using var trainY = allLabels.index_select(0, trainIdx);
        using var testX = allImages.index_select(0, testIdx);
        using var testY = allLabels.index_select(0, testIdx);

        torch.manual_seed(options.Seed);
        using var model = CnnSmall();
        using var optimizer = torch.optim.SGD(model.parameters(), options.LearningRate, momentum: 0.9, nesterov: true, weight_decay: 5e-4);
        var stepsPerEpoch = (options.Train + options.BatchSize - 1) / options.BatchSize;
        var schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, stepsPerEpoch * options.Epochs);
        using var shuffle = new Generator(options.Seed + 1);

        _out.WriteLine($"LossBench training demo: cnn-small on mnist-10k ({options.Train} train / {options.Test} test), " +
                       $"{options.Epochs} epochs, batch {options.BatchSize}, SGD+Nesterov lr {options.LearningRate} cosine, " +
                       $"{torch.get_num_threads()} threads, libtorch {torch.version} ({torch.cpu_capability})");
        var results = new List<EpochResult>();
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            model.train();
            double lossSum = 0;
            long correct = 0;
            using (var perm = torch.randperm(options.Train, shuffle))
            {
                for (var start = 0; start < options.Train; start += options.BatchSize)
                {
                    using var scope = torch.NewDisposeScope();
                    var idx = perm[start..Math.Min(start + options.BatchSize, options.Train)];
                    var x = trainX.index_select(0, idx);
                    var y = trainY.index_select(0, idx);
                    var logits = model.forward(x);
                    var loss = torch.nn.functional.cross_entropy(logits, y);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    schedule.step();
                    lossSum += loss.item<double>() * idx.size(0);
                    correct += logits.argmax(1).eq(y).sum().item<long>();
                }
            }
            var testAccuracy = Accuracy(model, testX, testY);
            var result = new EpochResult(epoch, lossSum / options.Train, (double)correct / options.Train, testAccuracy, clock.Elapsed.TotalSeconds);
            results.Add(result);
            _out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch}: train loss {result.TrainLoss:F4}, train accuracy {result.TrainAccuracy:P2}, test accuracy {result.TestAccuracy:P2}, {result.Seconds:F1} s"));
        }
        return results;
    }

    /// <summary>conv 32 and conv 64 (3x3, padding 1), each with ReLU and 2x2 max-pool, then a linear layer to 10 classes.</summary>
    public static Sequential CnnSmall() => torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3, padding: 1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 3, padding: 1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(64 * 7 * 7, 10));

    private static double Accuracy(Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        long correct = 0;
        for (long start = 0; start < x.size(0); start += 500)
        {
            using var scope = torch.NewDisposeScope();
            var end = Math.Min(start + 500, x.size(0));
            correct += model.forward(x.narrow(0, start, end - start)).argmax(1).eq(y.narrow(0, start, end - start)).sum().item<long>();
        }
        return (double)correct / x.size(0);
    }
}
