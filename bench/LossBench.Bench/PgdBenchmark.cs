using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LossBench.Plugins.Attacks;
using LossBench.Plugins.Attacks.Gradient;
using LossBench.PluginSupport.Data;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Bench;

/// <summary>
/// Attack throughput: PGD (L-infinity, random start, cross-entropy) with the Attacks plugin's
/// <see cref="Pgd.Perturb"/> on cnn-small, then the robust-accuracy forward pass, batch after batch,
/// in examples per second. ../peer_pgd.py does the same in PyTorch: the same weights (drawn after
/// manual_seed(seed)), the same images (consecutive batches of the embedded MNIST 10k), the same
/// random starts (torch.rand from a generator seeded alike: the same libtorch draws the same numbers).
/// Change both together; ../attacks.sh runs them side by side.
/// </summary>
internal static class PgdBenchmark
{
    public const string Usage = """
        usage: LossBench.Bench pgd [options]
          --threads N        torch.set_num_threads (default 2)
          --batch N          examples per batch (default 256)
          --batches N        timed batches (default 12)
          --warmup N         untimed batches first (default 2)
          --eps X            L-infinity radius (default 0.3)
          --steps N          PGD steps (default 10; step size 2.5 * eps / steps)
          --seed N           model initialisation and random starts (default 0)
          --data DIR         folder with images-idx3-ubyte.gz and labels-idx1-ubyte.gz
          --quiet            print only the JSON line
        """;

    private sealed record Settings(int Threads = 2, int Batch = 256, int Batches = 12, int Warmup = 2, double Epsilon = 0.3,
        int Steps = 10, ulong Seed = 0, string? DataDir = null, bool Quiet = false);

    public static int Run(string[] args)
    {
        Settings s;
        try
        {
            if (args.Contains("--help") || args.Contains("-h"))
            {
                Console.WriteLine(Usage);
                return 0;
            }
            s = Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var dataDir = s.DataDir ?? DataLocator.FindMnist10k();
        if (dataDir is null || !File.Exists(Path.Combine(dataDir, "images-idx3-ubyte.gz")))
        {
            Console.Error.WriteLine("error: MNIST 10k not found; pass --data DIR (the folder of images-idx3-ubyte.gz)");
            return 2;
        }

        set_num_threads(s.Threads);
        manual_seed(s.Seed);
        var (images, labels) = IdxImageSet.Load(Path.Combine(dataDir, "images-idx3-ubyte.gz"), Path.Combine(dataDir, "labels-idx1-ubyte.gz"));
        using (images)
        using (labels)
        using (var model = BenchModels.Create("cnn-small"))
        using (var generator = new Generator(s.Seed))
        {
            model.eval();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var result = Measure(s, model, images, labels, generator);
            if (!s.Quiet)
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "lossbench pgd-linf cnn-small: eps {0}, {1} steps, batch {2}, {3} thread(s)\n  throughput {4,10:F1} examples/s   {5:F1} ms/batch over {6} timed batches ({7:F2} s, CPU {8:F2} s, load {9:F2}, {13:F0} page faults/batch)\n  robust {10} of {11}, checksum {12:R}",
                    s.Epsilon, s.Steps, s.Batch, s.Threads, result["examples_per_sec"], result["ms_per_batch"], s.Batches,
                    result["seconds"], result["cpu_seconds"], result["loadavg_1m"], result["robust"], s.Batches * s.Batch, result["checksum"], result["minor_faults_per_batch"]));
            Console.WriteLine(BenchResult.JsonPrefix + JsonSerializer.Serialize(result));
        }
        return 0;
    }

    // Jitted fully optimised at once: the loop runs only a few dozen iterations, too few for tiering to settle.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Dictionary<string, object> Measure(Settings s, Module<Tensor, Tensor> model, Tensor images, Tensor labels, Generator generator)
    {
        var settings = new PgdSettings(LpNorm.Linf, s.Epsilon, s.Steps, StepSize: null, RandomStart: true, Restarts: 1, AttackLoss.CrossEntropy);
        var perEpoch = images.shape[0] / s.Batch;
        if (perEpoch == 0) throw new ArgumentException($"the data set has {images.shape[0]} images, fewer than one batch of {s.Batch}");
        var process = Process.GetCurrentProcess();
        var clock = new Stopwatch();
        var cpuStart = TimeSpan.Zero;
        long faultsStart = 0;
        long robust = 0;
        var checksum = 0.0;
        for (var batch = 0; batch < s.Warmup + s.Batches; batch++)
        {
            if (batch == s.Warmup)
            {
                process.Refresh();
                cpuStart = process.TotalProcessorTime;
                faultsStart = ProcessMemory.MinorFaults();
                clock.Start();
            }
            using var scope = NewDisposeScope();
            var start = batch % perEpoch * s.Batch;
            var x = images.narrow(0, start, s.Batch);
            var y = labels.narrow(0, start, s.Batch);
            var adversarial = Pgd.Perturb(model, x, y, settings, generator);
            long correct;
            using (no_grad()) correct = model.forward(adversarial).argmax(1).eq(y).sum().item<long>();
            if (batch >= s.Warmup) robust += correct;
            if (batch == s.Warmup + s.Batches - 1) checksum = adversarial.to(ScalarType.Float64).sum().item<double>();
        }
        clock.Stop();
        var faults = ProcessMemory.MinorFaults() - faultsStart;
        process.Refresh();
        var seconds = clock.Elapsed.TotalSeconds;
        return new Dictionary<string, object>
        {
            ["framework"] = "lossbench",
            ["attack"] = "pgd-linf",
            ["model"] = "cnn-small",
            ["threads"] = s.Threads,
            ["batch"] = s.Batch,
            ["eps"] = s.Epsilon,
            ["steps"] = s.Steps,
            ["warmup_batches"] = s.Warmup,
            ["timed_batches"] = s.Batches,
            ["seconds"] = seconds,
            ["examples_per_sec"] = s.Batches * (double)s.Batch / seconds,
            ["ms_per_batch"] = seconds * 1000 / s.Batches,
            ["cpu_seconds"] = (process.TotalProcessorTime - cpuStart).TotalSeconds,
            ["minor_faults_per_batch"] = (double)faults / s.Batches,
            ["loadavg_1m"] = LoadAverage.OneMinute(),
            ["robust"] = robust,
            ["checksum"] = checksum,
            ["torch_version"] = version,
            ["runtime"] = ".NET " + Environment.Version,
        };
    }

    private static Settings Parse(string[] args)
    {
        var s = new Settings();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            int Int(int min) => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min
                ? v : throw new ArgumentException($"{arg} needs an integer of at least {min}");
            switch (arg)
            {
                case "--threads": s = s with { Threads = Int(1) }; break;
                case "--batch": s = s with { Batch = Int(1) }; break;
                case "--batches": s = s with { Batches = Int(1) }; break;
                case "--warmup": s = s with { Warmup = Int(0) }; break;
                case "--steps": s = s with { Steps = Int(1) }; break;
                case "--seed": s = s with { Seed = (ulong)Int(0) }; break;
                case "--data": s = s with { DataDir = Value() }; break;
                case "--quiet": s = s with { Quiet = true }; break;
                case "--eps":
                    var text = Value();
                    s = s with
                    {
                        Epsilon = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var e) && e >= 0 && e <= 1
                            ? e : throw new ArgumentException($"--eps needs a number in [0, 1], got '{text}'"),
                    };
                    break;
                default: throw new ArgumentException($"unknown option '{arg}'");
            }
        }
        return s;
    }
}
