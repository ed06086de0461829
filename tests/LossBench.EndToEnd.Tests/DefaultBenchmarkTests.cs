namespace LossBench.EndToEnd.Tests;

/// <summary>
/// The shipped default benchmark (benchmarks.yaml, 15 cells of 3 seeds) run for real: its report's
/// tables against a snapshot, and `report` on its stored results alone giving them back byte for byte.
/// Two libtorch threads, stated rather than detected, so the snapshot does not depend on the core count;
/// portable mode (in a process of its own, as it must be set before libtorch loads), so it does not
/// depend on the CPU either: without it the last digits follow the kernels libtorch picks for the
/// machine (an AVX-512 machine with bf16 and one without gave other fourth digits).
/// </summary>
public sealed class DefaultBenchmarkTests
{
    [SkippableFact]
    public void TheDefaultBenchmarkGivesTheVerifiedTablesAndReportReproducesThem()
    {
        Skip.IfNot(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "portable mode needs a CPU with AVX2");
        using var run = new ToolRun(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fuzz-seeds", "benchmarks.yaml")));
        var (code, output, error) = run.CliProcess("run", run.BenchmarkFile, "--out", run.Results(), "--threads", "2", "--portable");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var folder = Path.Combine(run.Results(), "default");
        var markdown = File.ReadAllText(Path.Combine(folder, "report.md"));
        Snapshot.Verify(markdown, "report", "md");

        string[] formats = ["md", "csv", "json"];
        var written = formats.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(folder, "report." + f)));
        foreach (var format in formats) File.Delete(Path.Combine(folder, "report." + format));
        (code, output, error) = run.Cli("report", folder);
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        foreach (var format in formats)
            Assert.True(written[format].AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(folder, "report." + format))), $"report.{format} differs");
    }
}
