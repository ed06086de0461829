using System.Globalization;

namespace LossBench.Bench;

/// <summary>
/// Command-line settings of one benchmark run. The same names (and defaults) as
/// ../peer_pytorch.py, so that run.sh passes one argument list to both peers.
/// </summary>
internal sealed record BenchOptions
{
    public required string Model { get; init; }
    public int Steps { get; init; } = 10_000;
    public int Warmup { get; init; } = 20;
    public int Threads { get; init; } = 2;
    public int? Batch { get; init; }
    public int LossEvery { get; init; }
    public int RssEvery { get; init; }
    public ulong Seed { get; init; }
    public int RssEarlyStep { get; init; } = 1_000;
    public int RssLateStep { get; init; } = 10_000;
    public string? DataDir { get; init; }
    public bool Profile { get; init; }
    public bool Quiet { get; init; }
    public bool ViaHost { get; init; }

    public const string Usage = """
        usage: LossBench.Bench --model mlp|cnn-small [options]
          --steps N          training steps in all, warm-up included (default 10000)
          --warmup N         untimed steps first (default 20)
          --threads N        torch.set_num_threads (default 2)
          --batch N          batch size (default: mlp 64, cnn-small 128)
          --loss-every N     read the loss value (.item()) every N steps in the timed loop (default 0: only
                             at the RSS steps and the last step, as the PyTorch peer does)
          --rss-steps A,B    steps at which to read resident memory (default 1000,10000; capped at --steps)
          --rss-every N      also record resident memory every N steps (rss_trace in the JSON line)
          --seed N           model initialisation and batch order (default 0)
          --data DIR         folder with images-idx3-ubyte.gz and labels-idx1-ubyte.gz
                             (default: data/mnist-10k of the repository)
          --profile          also time forward, loss, zero_grad, backward and step separately
          --quiet            print only the JSON line
          --via-host         train through the host's trainer (LossBench.Host's CellTrainer with the built-in
                             cross-entropy loss and `none` augmentation) instead of the bare engine loop
        """;

    public static BenchOptions Parse(string[] args)
    {
        string? model = null;
        var o = new BenchOptions { Model = "" };
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
                ? v : throw new ArgumentException($"{arg} needs a non-negative integer");
            switch (arg)
            {
                case "--model": model = Value(); break;
                case "--steps": o = o with { Steps = Int() }; break;
                case "--warmup": o = o with { Warmup = Int() }; break;
                case "--threads": o = o with { Threads = Int() }; break;
                case "--batch": o = o with { Batch = Int() }; break;
                case "--loss-every": o = o with { LossEvery = Int() }; break;
                case "--rss-every": o = o with { RssEvery = Int() }; break;
                case "--seed": o = o with { Seed = (ulong)Int() }; break;
                case "--data": o = o with { DataDir = Value() }; break;
                case "--profile": o = o with { Profile = true }; break;
                case "--quiet": o = o with { Quiet = true }; break;
                case "--via-host": o = o with { ViaHost = true }; break;
                case "--rss-steps":
                    var parts = Value().Split(',');
                    if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var a) ||
                        !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var b) || a < 1 || b < a)
                        throw new ArgumentException("--rss-steps needs two step numbers A,B with 1 <= A <= B");
                    o = o with { RssEarlyStep = a, RssLateStep = b };
                    break;
                default: throw new ArgumentException($"unknown option '{arg}'");
            }
        }
        if (model is null) throw new ArgumentException("--model is required (mlp or cnn-small)");
        if (!BenchModels.Names.Contains(model)) throw new ArgumentException($"unknown model '{model}' (known: {string.Join(", ", BenchModels.Names)})");
        if (o.Threads < 1) throw new ArgumentException("--threads must be at least 1");
        if (o.Steps <= o.Warmup) throw new ArgumentException($"--steps ({o.Steps}) must exceed --warmup ({o.Warmup})");
        if (o.Batch is < 1) throw new ArgumentException("--batch must be at least 1");
        return o with { Model = model };
    }

    public int BatchSize => Batch ?? BenchModels.DefaultBatch(Model);
}
