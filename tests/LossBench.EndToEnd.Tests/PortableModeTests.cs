using Xunit.Abstractions;
using LossBench.Host.Cli;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// Portable mode across instruction sets, each run in its own process (the kernel choice is made
/// when libtorch loads). Two processes told to use different kernels (ATEN_CPU_CAPABILITY=avx2 with
/// oneDNN capped to AVX2, against ATEN_CPU_CAPABILITY=default with oneDNN uncapped) give
/// byte-identical snapshots with --portable. The convolutions of cnn-small go through oneDNN and
/// its products through OpenBLAS, so all three kernel choices are exercised.
/// <para>
/// Without --portable the same two settings are recorded as different environments (cpu capability
/// AVX2 against NO AVX: what libtorch itself reports, at::show_config), which also shows that the
/// variables reach the native side; in portable mode both report AVX2 and OpenBLAS's Haswell
/// kernels although the shell asked for the default kernels, which shows that portable mode's
/// setenv reaches libtorch and OpenBLAS before they choose. Whether the tables themselves differ
/// without portable mode depends on the machine and the matrix: on the AVX-512 machine this was
/// written on, this tiny matrix gave the same tables at 4 digits with both settings, so the test
/// asserts the environments, not a numeric difference.
/// </para>
/// </summary>
public sealed class PortableModeTests(ITestOutputHelper log)
{
    private static readonly string Yaml = TinyBenchmark.Yaml(losses: "[cross-entropy, focal]", seeds: "[0]", train: 160)
        .Replace("- mlp: { hidden: [32] }", "- cnn-small", StringComparison.Ordinal);

    private static readonly Dictionary<string, string> Avx2 = new() { ["ATEN_CPU_CAPABILITY"] = "avx2", ["ONEDNN_MAX_CPU_ISA"] = "AVX2", ["DNNL_MAX_CPU_ISA"] = "AVX2" };
    private static readonly Dictionary<string, string> Baseline = new() { ["ATEN_CPU_CAPABILITY"] = "default", ["ONEDNN_MAX_CPU_ISA"] = "ALL", ["DNNL_MAX_CPU_ISA"] = "ALL" };

    private static string Snapshot(ToolRun run, string name, IReadOnlyDictionary<string, string> environment, params string[] extra)
    {
        var snapshots = Path.Combine(run.Root, "snapshots-" + name);
        using var process = new ToolProcess(run, environment,
            ["verify", run.BenchmarkFile, "--out", run.Results(name), "--snapshots", snapshots, "--threads", "1", .. extra]);
        var (code, output) = process.Wait(minutes: 10);
        Assert.True(code == ExitCodes.Done, output);
        return File.ReadAllText(Path.Combine(snapshots, "tiny.verified.md"));
    }

    private static string Entry(string snapshot, string entry) =>
        snapshot.Split('\n').First(l => l.StartsWith($"| {entry} |", StringComparison.Ordinal)).Split('|')[2].Trim();

    [SkippableFact]
    public void TwoInstructionSetsGiveByteIdenticalSnapshotsInPortableMode()
    {
        Skip.IfNot(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "portable mode needs a CPU with AVX2");
        using var run = new ToolRun(Yaml);

        var portableAvx2 = Snapshot(run, "portable-avx2", Avx2, "--portable");
        var portableBaseline = Snapshot(run, "portable-default", Baseline, "--portable");
        Assert.Equal(portableAvx2, portableBaseline);
        Assert.Equal(("AVX2", "Haswell", "on"), (Entry(portableBaseline, "cpu capability"), Entry(portableBaseline, "blas"), Entry(portableBaseline, "portable")));

        var avx2 = Snapshot(run, "avx2", Avx2);
        var baseline = Snapshot(run, "default", Baseline);
        log.WriteLine(Tables(avx2) == Tables(baseline)
            ? "without --portable the tables agree on this machine (only the environment differs)"
            : "without --portable the tables differ:\n" + Tables(avx2) + "\n" + Tables(baseline));
        // libtorch names its default kernels "NO AVX" (at::show_config).
        Assert.Equal(("AVX2", "NO AVX"), (Entry(avx2, "cpu capability"), Entry(baseline, "cpu capability")));
        Assert.Equal("off", Entry(baseline, "portable"));
        // Portable mode is part of each cell's identity: its cells are never reused for a machine-tuned run, nor the other way round.
        Assert.NotEqual(Cells(portableAvx2), Cells(avx2));
    }

    private static string Tables(string snapshot) => snapshot[snapshot.IndexOf("\n## ", snapshot.IndexOf("## cells", StringComparison.Ordinal), StringComparison.Ordinal)..];

    private static string Cells(string snapshot)
    {
        var start = snapshot.IndexOf("## cells", StringComparison.Ordinal);
        var end = snapshot.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return snapshot[start..end];
    }
}
