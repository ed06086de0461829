using System.Diagnostics;
using System.Runtime.CompilerServices;
using LossBench.PluginSupport.Data;
using LossBench.Torch;
using LossBench.Torch.Modules;
using LossBench.Torch.Optimizers;
using static LossBench.Torch.torch;

namespace LossBench.Bench;

/// <summary>
/// Trains one model for a fixed number of steps and measures train-step throughput and resident
/// memory. Every choice here (data order, step order, when the loss is read) is mirrored by
/// ../peer_pytorch.py; change both together.
/// </summary>
internal sealed class TrainingBenchmark : IDisposable
{
    private const double LearningRate = 0.05;
    private const double Momentum = 0.9;

    private readonly BenchOptions _options;
    private readonly Module<Tensor, Tensor> _model;
    private readonly SGD _optimizer;
    private readonly Tensor _images;   // the data set in the fixed (seeded) permuted order
    private readonly Tensor _labels;
    private readonly int _batch;
    private readonly int _batchesPerEpoch;

    public TrainingBenchmark(BenchOptions options, string dataDir)
    {
        _options = options;
        _batch = options.BatchSize;
        set_num_threads(options.Threads);
        manual_seed(options.Seed);

        var (images, labels) = BenchModels.IsCifarShaped(options.Model)
            ? SyntheticCifar(options.Seed)
            : IdxImageSet.Load(Path.Combine(dataDir, "images-idx3-ubyte.gz"), Path.Combine(dataDir, "labels-idx1-ubyte.gz"));
        using (images)
        using (labels)
        using (var generator = new Generator(options.Seed))
        using (var permutation = randperm(images.shape[0], generator))
        {
            _images = images.index_select(0, permutation);
            _labels = labels.index_select(0, permutation);
        }
        var count = (int)_images.shape[0];
        if (count < _batch) throw new ArgumentException($"the data set has {count} images, fewer than one batch of {_batch}");
        // Batches are consecutive slices of the permuted set; the incomplete tail batch is skipped
        // and the order wraps around to the start.
        _batchesPerEpoch = count / _batch;

        // Initialised after the data, from the global generator, as the PyTorch peer does.
        _model = BenchModels.Create(options.Model);
        _optimizer = optim.SGD(_model.parameters(), LearningRate, momentum: Momentum);

        // Loading left ~25 MB of managed garbage (the decompressed IDX arrays); Python frees its
        // copy at once by reference counting. Collect it now, or the first full collection (about
        // step 1,100 of the MLP) drops RSS by that much and the step-1,000 figure is inflated.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>
    /// CIFAR-shaped data for the larger models' speed: 1,024 uniform images 3x32x32 and uniform labels
    /// of 10 classes, drawn from Generator(seed) in that order, as the PyTorch peer draws them.
    /// </summary>
    private static (Tensor Images, Tensor Labels) SyntheticCifar(ulong seed)
    {
        using var generator = new Generator(seed);
        var images = rand([1024, 3, 32, 32], generator);
        var labels = randint(0, 10, [1024], generator);
        return (images, labels);
    }

    // Jitted fully optimised at once. Left to tiering, this long-running loop would run as tier-0
    // code until on-stack replacement compiles it at iteration 10,000 (OSR_HitLimit 10 x the
    // patchpoint counter 1,000), and that JIT work adds ~1.5 MB of RSS exactly at step 10,000.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public BenchResult Run()
    {
        var o = _options;
        var early = Math.Min(o.RssEarlyStep, o.Steps);
        var late = Math.Min(o.RssLateStep, o.Steps);
        long rssEarly = 0, rssLate = 0;
        double lossFirst = double.NaN, lossEarly = double.NaN, lossLast = double.NaN;
        var trace = o.RssEvery > 0 ? new List<long[]>() : null;
        var phases = o.Profile ? new double[5] : null;
        var stopwatch = new Stopwatch();
        var process = Process.GetCurrentProcess();
        var cpuStart = TimeSpan.Zero;
        long allocatedStart = 0;
        var gcStart = 0;
        long faultsStart = 0;

        for (var step = 1; step <= o.Steps; step++)
        {
            if (step == o.Warmup + 1)
            {
                process.Refresh();
                cpuStart = process.TotalProcessorTime;
                allocatedStart = GC.GetAllocatedBytesForCurrentThread();
                gcStart = GC.CollectionCount(0);
                faultsStart = ProcessMemory.MinorFaults();
                stopwatch.Start();
            }
            var readLoss = step == 1 || step == early || step == o.Steps || (o.LossEvery > 0 && step % o.LossEvery == 0);
            var loss = phases is null ? Step(step - 1, readLoss) : ProfiledStep(step - 1, readLoss, step > o.Warmup ? phases : null);
            if (step == 1) lossFirst = loss;
            if (step == early)
            {
                lossEarly = loss;
                rssEarly = ProcessMemory.ResidentKilobytes();
            }
            if (step == late) rssLate = ProcessMemory.ResidentKilobytes();
            if (step == o.Steps) lossLast = loss;
            if (trace is not null && step % o.RssEvery == 0) trace.Add([step, ProcessMemory.ResidentKilobytes(),
                GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), Tensor.LiveHandles, GC.GetTotalMemory(false) / 1024]);
        }
        stopwatch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedStart;
        var collections = GC.CollectionCount(0) - gcStart;
        var faults = ProcessMemory.MinorFaults() - faultsStart;
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpuStart).TotalSeconds;

        var timed = o.Steps - o.Warmup;
        var seconds = stopwatch.Elapsed.TotalSeconds;
        return new BenchResult
        {
            Framework = "lossbench",
            Model = o.Model,
            Threads = o.Threads,
            Batch = _batch,
            Steps = o.Steps,
            Warmup = o.Warmup,
            TimedSteps = timed,
            Seconds = seconds,
            ImagesPerSec = timed * (double)_batch / seconds,
            MsPerStep = seconds * 1000 / timed,
            CpuSeconds = cpuSeconds,
            MinorFaultsPerStep = (double)faults / timed,
            Loadavg1m = LoadAverage.OneMinute(),
            RssEarlyStep = early,
            RssEarlyKb = rssEarly,
            RssLateStep = late,
            RssLateKb = rssLate,
            RssLateIsLastStep = o.Steps < o.RssLateStep,
            RssGrowthPct = 100.0 * (rssLate - rssEarly) / rssEarly,
            LossFirst = lossFirst,
            LossEarly = lossEarly,
            LossLast = lossLast,
            TorchVersion = version,
            Runtime = ".NET " + Environment.Version,
            RssTrace = trace,
            ManagedBytesPerStep = (double)allocated / timed,
            GcCollections = collections,
            PhasesMs = phases is null ? null : new Dictionary<string, double>
            {
                ["forward"] = phases[0] * 1000 / timed,
                ["loss"] = phases[1] * 1000 / timed,
                ["zero_grad"] = phases[2] * 1000 / timed,
                ["backward"] = phases[3] * 1000 / timed,
                ["step"] = phases[4] * 1000 / timed,
            },
        };
    }

    /// <summary>One training step on batch number <paramref name="index"/>; returns the loss if asked to read it, else NaN.</summary>
    private double Step(int index, bool readLoss)
    {
        using var scope = NewDisposeScope();
        var start = (long)(index % _batchesPerEpoch) * _batch;
        var x = _images.narrow(0, start, _batch);
        var y = _labels.narrow(0, start, _batch);
        var logits = _model.forward(x);
        var loss = nn.functional.cross_entropy(logits, y);
        _optimizer.zero_grad();
        loss.backward();
        _optimizer.step();
        return readLoss ? loss.item<float>() : double.NaN;
    }

    /// <summary><see cref="Step"/> with a clock read between phases (the phases are synchronous on the CPU).</summary>
    private double ProfiledStep(int index, bool readLoss, double[]? phases)
    {
        using var scope = NewDisposeScope();
        var t0 = Stopwatch.GetTimestamp();
        var start = (long)(index % _batchesPerEpoch) * _batch;
        var x = _images.narrow(0, start, _batch);
        var y = _labels.narrow(0, start, _batch);
        var logits = _model.forward(x);
        var t1 = Stopwatch.GetTimestamp();
        var loss = nn.functional.cross_entropy(logits, y);
        var t2 = Stopwatch.GetTimestamp();
        _optimizer.zero_grad();
        var t3 = Stopwatch.GetTimestamp();
        loss.backward();
        var t4 = Stopwatch.GetTimestamp();
        _optimizer.step();
        var t5 = Stopwatch.GetTimestamp();
        if (phases is not null)
        {
            phases[0] += Stopwatch.GetElapsedTime(t0, t1).TotalSeconds;
            phases[1] += Stopwatch.GetElapsedTime(t1, t2).TotalSeconds;
            phases[2] += Stopwatch.GetElapsedTime(t2, t3).TotalSeconds;
            phases[3] += Stopwatch.GetElapsedTime(t3, t4).TotalSeconds;
            phases[4] += Stopwatch.GetElapsedTime(t4, t5).TotalSeconds;
        }
        return readLoss ? loss.item<float>() : double.NaN;
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _model.Dispose();
        _images.Dispose();
        _labels.Dispose();
    }
}
