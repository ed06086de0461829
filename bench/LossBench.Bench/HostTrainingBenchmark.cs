using System.Diagnostics;
using LossBench.Host.Config;
using LossBench.Host.Training;
using LossBench.Plugins.Augmentations;
using LossBench.Plugins.Losses;
using LossBench.PluginSupport.Data;
using LossBench.Sdk.Datasets;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Bench;

/// <summary>
/// The same model, batch, optimizer and step count as <see cref="TrainingBenchmark"/>, trained the
/// way `lossbench run` trains a cell: the host's <see cref="CellTrainer"/> (a fresh permutation per
/// epoch and index_select batches, one-hot targets, the augmentation call, the cross-entropy
/// plugin over target probabilities, the loss read every step for divergence, per-step accuracy
/// and learning rate). Whole epochs run (at least the requested steps); the per-epoch test pass is
/// over a single image so that the figure is the training step's. Compared with the bare loop it
/// is the host's per-step overhead.
/// </summary>
internal static class HostTrainingBenchmark
{
    public static BenchResult Run(BenchOptions options, string dataDir)
    {
        set_num_threads(options.Threads);
        manual_seed(options.Seed);
        var (images, labels) = IdxImageSet.Load(Path.Combine(dataDir, "images-idx3-ubyte.gz"), Path.Combine(dataDir, "labels-idx1-ubyte.gz"));
        using var train = new TensorDataset(images, labels);
        using var model = BenchModels.Create(options.Model);
        var batchesPerEpoch = (int)(images.shape[0] / options.BatchSize);
        var epochs = (options.Steps + batchesPerEpoch - 1) / batchesPerEpoch;
        var settings = new TrainingSettings(epochs, options.BatchSize, new OptimizerSettings(OptimizerKind.Sgd, 0.05, 0.9), ScheduleKind.Constant, 0, 512, null);
        using var order = new Generator(options.Seed);
        using var augmentation = new Generator(options.Seed + 1);
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var faultsStart = ProcessMemory.MinorFaults();
        var outcome = new CellTrainer(settings, Device.CPU).Train(
            new TrainingRequest(model, train, 10, new CrossEntropyLoss(new CrossEntropyOptions()), "cross-entropy", new NoAugmentation(), order, augmentation),
            CancellationToken.None);
        process.Refresh();
        var rss = ProcessMemory.ResidentKilobytes();
        var loss = outcome.Epochs.Count > 0 ? outcome.Epochs[^1].TrainLoss : 0; // the last epoch's mean (JSON has no NaN)
        return new BenchResult
        {
            Framework = "lossbench-host",
            Model = options.Model,
            Threads = options.Threads,
            Batch = options.BatchSize,
            Steps = (int)outcome.Steps,
            Warmup = 0,
            TimedSteps = (int)outcome.Steps,
            Seconds = outcome.Seconds,
            ImagesPerSec = outcome.Steps * (double)options.BatchSize / outcome.Seconds,
            MsPerStep = outcome.Seconds * 1000 / outcome.Steps,
            CpuSeconds = (process.TotalProcessorTime - cpuStart).TotalSeconds,
            MinorFaultsPerStep = (double)(ProcessMemory.MinorFaults() - faultsStart) / outcome.Steps,
            Loadavg1m = LoadAverage.OneMinute(),
            RssEarlyStep = (int)outcome.Steps,
            RssEarlyKb = rss,
            RssLateStep = (int)outcome.Steps,
            RssLateKb = rss,
            RssLateIsLastStep = true,
            RssGrowthPct = 0,
            LossFirst = loss,
            LossEarly = loss,
            LossLast = loss,
            TorchVersion = version,
            Runtime = ".NET " + Environment.Version,
        };
    }
}
