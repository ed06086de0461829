using System.Globalization;
using LossBench.Host.Cli;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// `lossbench verify` on the tiny matrix: a first run writes the snapshot, an unchanged benchmark
/// matches it from its cached cells, a changed loss option fails with a diff naming the table and
/// the rows, reverting passes, --accept records the change; a declared tolerance lets a difference
/// within it pass and one beyond it fail; numbers from another environment are reported by the
/// fingerprint entry that differs, not as a numeric diff.
/// </summary>
public sealed class VerifyCommandTests
{
    private const string Losses = "[cross-entropy, { cross-entropy: { label-smoothing: 0.1 } }]";
    private const string ChangedLosses = "[cross-entropy, { cross-entropy: { label-smoothing: 0.2 } }]";

    private static string Yaml(string losses = Losses, string extra = "") =>
        TinyBenchmark.Yaml(losses: losses, seeds: "[0]", train: 160) + "\n" + extra;

    private static (int Code, string Output, string Error) Verify(ToolRun run, params string[] extra) =>
        run.Cli(["verify", run.BenchmarkFile, "--out", run.Results(), "--threads", "1", .. extra]);

    private static string Verified(ToolRun run) => Path.Combine(run.Root, "snapshots", "tiny.verified.md");
    private static string Received(ToolRun run) => Path.Combine(run.Root, "snapshots", "tiny.received.md");

    [Fact]
    public void AChangedLossOptionFailsWithTheRowsThatChangedRevertingPassesAndAcceptRecordsIt()
    {
        using var run = new ToolRun(Yaml());

        var first = Verify(run);
        Assert.True(first.Code == ExitCodes.Done, first.Output + first.Error);
        Assert.Contains("no snapshot yet", first.Output);
        Assert.True(File.Exists(Verified(run)));

        var unchanged = Verify(run);
        Assert.True(unchanged.Code == ExitCodes.Done, unchanged.Output + unchanged.Error);
        Assert.Contains("(2 from earlier results)", unchanged.Output);
        Assert.Contains("the tables match", unchanged.Output);

        File.WriteAllText(run.BenchmarkFile, Yaml(ChangedLosses));
        var changed = Verify(run);
        Assert.Equal(ExitCodes.SnapshotMismatch, changed.Code);
        Assert.Contains("clean.accuracy", changed.Output);
        Assert.Contains("row cross-entropy(label-smoothing=0.1), column none: only in the snapshot", changed.Output);
        Assert.Contains("row cross-entropy(label-smoothing=0.2), column none: new in this run", changed.Output);
        // The baseline's row did not change: it is not named.
        Assert.DoesNotContain("row cross-entropy, column", changed.Output);
        Assert.True(File.Exists(Received(run)));

        File.WriteAllText(run.BenchmarkFile, Yaml());
        var reverted = Verify(run);
        Assert.True(reverted.Code == ExitCodes.Done, reverted.Output + reverted.Error);
        Assert.False(File.Exists(Received(run)));

        File.WriteAllText(run.BenchmarkFile, Yaml(ChangedLosses));
        var accepted = Verify(run, "--accept");
        Assert.True(accepted.Code == ExitCodes.Done, accepted.Output + accepted.Error);
        Assert.Contains("accepted", accepted.Output);
        Assert.Contains("| cross-entropy(label-smoothing=0.2) | none |", File.ReadAllText(Verified(run)));
        var after = Verify(run);
        Assert.True(after.Code == ExitCodes.Done, after.Output + after.Error);
    }

    /// <summary>
    /// The snapshot's clean accuracy of one row is moved by hand (0.001, then 0.003): with a
    /// tolerance of 0.002 the first passes, reported as within it, and the second fails.
    /// </summary>
    [Fact]
    public void ADifferenceWithinTheToleranceOfItsMetricPassesAndOneBeyondItFails()
    {
        using var run = new ToolRun(Yaml(extra: "verify: { tolerance: { clean.accuracy: 0.002 } }"));
        var first = Verify(run);
        Assert.True(first.Code == ExitCodes.Done, first.Output + first.Error);
        var snapshot = File.ReadAllText(Verified(run));

        var (within, near) = Shifted(snapshot, 0.001);
        File.WriteAllText(Verified(run), within);
        var passes = Verify(run);
        Assert.True(passes.Code == ExitCodes.Done, passes.Output + passes.Error);
        Assert.Contains($"within tolerance 0.002: clean.accuracy", passes.Output);
        Assert.Contains($"row cross-entropy, column none: mean: snapshot {near}", passes.Output);

        var (beyond, far) = Shifted(snapshot, 0.003);
        File.WriteAllText(Verified(run), beyond);
        var fails = Verify(run);
        Assert.Equal(ExitCodes.SnapshotMismatch, fails.Code);
        Assert.Contains($"row cross-entropy, column none: mean: snapshot {far}", fails.Output);
        Assert.Contains("beyond tolerance 0.002", fails.Output);
    }

    /// <summary>The snapshot with the mean of the cross-entropy row of the clean.accuracy table moved by <paramref name="by"/>, and the value written.</summary>
    private static (string Text, string Value) Shifted(string snapshot, double by)
    {
        var lines = snapshot.Split('\n');
        var table = Array.FindIndex(lines, l => l.StartsWith("## clean.accuracy", StringComparison.Ordinal));
        var row = Array.FindIndex(lines, table, l => l.StartsWith("| cross-entropy | none | ", StringComparison.Ordinal));
        var fields = lines[row].Split(" | ");
        var mean = double.Parse(fields[2], CultureInfo.InvariantCulture);
        var value = (mean + (mean + by <= 1 ? by : -by)).ToString("F4", CultureInfo.InvariantCulture);
        fields[2] = value;
        lines[row] = string.Join(" | ", fields);
        return (string.Join('\n', lines), value);
    }

    [Fact]
    public void AToleranceForAMetricTheBenchmarkDoesNotReportIsAnErrorNamingTheFileAndLine()
    {
        using var run = new ToolRun(Yaml(extra: "verify: { tolerance: { clean.acc: 0.1 } }"));
        var (code, _, error) = Verify(run);
        Assert.Equal(ExitCodes.BadInput, code);
        var line = File.ReadAllLines(run.BenchmarkFile).ToList().FindIndex(l => l.StartsWith("verify:", StringComparison.Ordinal)) + 1;
        Assert.Contains($"benchmarks.yaml:{line}:", error);
        Assert.Contains("verify.tolerance.clean.acc", error);
        Assert.Contains("clean.accuracy", error);
    }

    /// <summary>A snapshot made on 1 thread and a run on 2: the report names the thread count, and compares no number.</summary>
    [Fact]
    public void NumbersFromAnotherThreadCountAreReportedByTheEnvironmentEntryNotAsANumericDiff()
    {
        using var run = new ToolRun(Yaml());
        var first = Verify(run);
        Assert.True(first.Code == ExitCodes.Done, first.Output + first.Error);

        var (code, output, _) = run.Cli("verify", run.BenchmarkFile, "--out", run.Results("two-threads"), "--threads", "2");
        Assert.Equal(ExitCodes.SnapshotEnvironment, code);
        Assert.Contains("threads: snapshot 1, this run 2", output);
        Assert.DoesNotContain("mean: snapshot", output);
        Assert.DoesNotContain("only in the snapshot", output);
        Assert.Contains("| threads | 2 |", File.ReadAllText(Received(run)));

        var accepted = run.Cli("verify", run.BenchmarkFile, "--out", run.Results("two-threads"), "--threads", "2", "--accept");
        Assert.True(accepted.Code == ExitCodes.Done, accepted.Output + accepted.Error);
        Assert.Contains("| threads | 2 |", File.ReadAllText(Verified(run)));
    }
}
