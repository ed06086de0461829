using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LossBench.Bench;

/// <summary>
/// What one run measured. Serialised as one JSON line with the same keys as
/// ../peer_pytorch.py writes, prefixed by <see cref="JsonPrefix"/> so that run.sh can pick it out.
/// </summary>
internal sealed record BenchResult
{
    public const string JsonPrefix = "BENCH_JSON ";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Framework { get; init; }
    public required string Model { get; init; }
    public required int Threads { get; init; }
    public required int Batch { get; init; }
    public required int Steps { get; init; }
    public required int Warmup { get; init; }
    public required int TimedSteps { get; init; }
    public required double Seconds { get; init; }
    public required double ImagesPerSec { get; init; }
    public required double MsPerStep { get; init; }
    /// <summary>CPU time of the whole process (all threads) over the timed steps.</summary>
    public required double CpuSeconds { get; init; }
    /// <summary>Minor page faults per timed step: high values mean the allocator returns memory to the OS and maps it again every step.</summary>
    public required double MinorFaultsPerStep { get; init; }
    /// <summary>The 1-minute load average at the end of the run: above the thread count means other work shared the cores.</summary>
    [JsonPropertyName("loadavg_1m")]
    public required double Loadavg1m { get; init; }
    public required int RssEarlyStep { get; init; }
    public required long RssEarlyKb { get; init; }
    public required int RssLateStep { get; init; }
    public required long RssLateKb { get; init; }
    /// <summary>True when fewer steps ran than the requested late RSS step, so the late figure is the last step's.</summary>
    public required bool RssLateIsLastStep { get; init; }
    public required double RssGrowthPct { get; init; }
    public required double LossFirst { get; init; }
    public required double LossEarly { get; init; }
    public required double LossLast { get; init; }
    public required string TorchVersion { get; init; }
    public required string Runtime { get; init; }
    /// <summary>Managed bytes allocated per timed step (this harness and LossBench.Torch together).</summary>
    public double? ManagedBytesPerStep { get; init; }
    /// <summary>Garbage collections (any generation) during the timed steps.</summary>
    public int? GcCollections { get; init; }
    /// <summary>Mean milliseconds per timed step of each phase, with --profile.</summary>
    public IReadOnlyDictionary<string, double>? PhasesMs { get; init; }
    /// <summary>
    /// [step, RSS kB] every --rss-every steps, followed (here, not in the PyTorch peer) by the .NET
    /// gen0/gen1/gen2 collection counts, the live native tensor handles and the managed heap in kB.
    /// </summary>
    public IReadOnlyList<long[]>? RssTrace { get; init; }

    public string ToJsonLine() => JsonPrefix + JsonSerializer.Serialize(this, JsonOptions);

    public string ToTable()
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Format(c, "{0} {1}: {2} steps ({3} warm-up), batch {4}, {5} thread(s)", Framework, Model, Steps, Warmup, Batch, Threads),
            string.Format(c, "  throughput     {0,12:F1} images/s   {1:F3} ms/step over {2} timed steps ({3:F2} s, CPU {4:F2} s, load {5:F2}, {6:F0} page faults/step)",
                ImagesPerSec, MsPerStep, TimedSteps, Seconds, CpuSeconds, Loadavg1m, MinorFaultsPerStep),
            string.Format(c, "  RSS @ step {0,-6} {1,10:N0} kB", RssEarlyStep, RssEarlyKb),
            string.Format(c, "  RSS @ step {0,-6} {1,10:N0} kB{2}   growth {3:+0.00;-0.00}%", RssLateStep, RssLateKb,
                RssLateIsLastStep ? " (last step)" : "", RssGrowthPct),
            string.Format(c, "  managed        {0:F0} bytes allocated per step, {1} collections in the timed steps", ManagedBytesPerStep, GcCollections),
            string.Format(c, "  loss           step 1 {0:F4}, step {1} {2:F4}, last {3:F4}", LossFirst, RssEarlyStep, LossEarly, LossLast),
        };
        if (PhasesMs is not null)
            lines.Add("  phases (ms)    " + string.Join("  ", PhasesMs.Select(p => string.Format(c, "{0} {1:F3}", p.Key, p.Value))));
        return string.Join(Environment.NewLine, lines);
    }
}
