using LossBench.Testing;
using Xunit.Sdk;

namespace LossBench.Testing.Tests;

/// <summary>
/// BenchmarkSnapshot.VerifyAsync as a plugin author's test calls it: the first call writes the
/// snapshot beside the benchmark file and passes, an unchanged benchmark passes, a snapshot that
/// disagrees fails the test with the tool's diff, and LOSSBENCH_ACCEPT_SNAPSHOTS=1 accepts.
/// Plugins are the built-ins, laid out beside this assembly as beside the tool.
/// </summary>
[Collection(nameof(BenchmarkSnapshotTests))]
public sealed class BenchmarkSnapshotTests : IDisposable
{
    private const string Yaml = """
        name: quick
        seeds: [0]
        device: cpu
        threads: 1
        datasets:
          - mnist-10k: { train: 96, test: 64 }
        models:
          - mlp: { hidden: [16] }
        losses: [cross-entropy]
        training:
          epochs: 1
          batch-size: 32
        """;

    private readonly string _project = Path.Combine(Path.GetTempPath(), "lossbench-snapshot-" + Guid.NewGuid().ToString("N"));

    public BenchmarkSnapshotTests()
    {
        Directory.CreateDirectory(_project);
        File.WriteAllText(Path.Combine(_project, "quick.yaml"), Yaml);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(BenchmarkSnapshot.AcceptVariable, null);
        try { Directory.Delete(_project, recursive: true); }
        catch (IOException) { }
    }

    private string Verified => Path.Combine(_project, "quick.verified.md");

    [Fact]
    public async Task WritesTheSnapshotBesideTheBenchmarkThenFailsWithTheDiffWhenItDisagreesUntilAccepted()
    {
        await BenchmarkSnapshot.VerifyAsync("quick.yaml", _project);
        Assert.True(File.Exists(Verified));
        await BenchmarkSnapshot.VerifyAsync("quick.yaml", _project);

        // A snapshot whose accuracy no 64-image test split can give (1/64 steps): the run cannot agree with it.
        var lines = File.ReadAllLines(Verified);
        var row = Array.FindIndex(lines, l => l.StartsWith("| cross-entropy | none | ", StringComparison.Ordinal));
        var fields = lines[row].Split(" | ");
        fields[2] = "0.0001";
        lines[row] = string.Join(" | ", fields);
        File.WriteAllLines(Verified, lines);

        var failure = await Assert.ThrowsAsync<XunitException>(() => BenchmarkSnapshot.VerifyAsync("quick.yaml", _project));
        Assert.Contains("exited with 4", failure.Message);
        Assert.Contains("clean.accuracy", failure.Message);
        Assert.Contains("row cross-entropy, column none: mean: snapshot 0.0001, this run ", failure.Message);
        Assert.DoesNotContain("epoch", failure.Message); // the verdict, not the run's progress
        Assert.True(File.Exists(Path.Combine(_project, "quick.received.md")));

        Environment.SetEnvironmentVariable(BenchmarkSnapshot.AcceptVariable, "1");
        await BenchmarkSnapshot.VerifyAsync("quick.yaml", _project);
        Environment.SetEnvironmentVariable(BenchmarkSnapshot.AcceptVariable, null);
        await BenchmarkSnapshot.VerifyAsync("quick.yaml", _project);
        Assert.DoesNotContain("0.0001", File.ReadAllText(Verified));
    }

    /// <summary>Without a build-time record (this project references the kit directly), the nearest folder above the assembly with a .csproj.</summary>
    [Fact]
    public void TheProjectFolderIsTheNearestAboveTheTestAssemblyWithAProjectFile()
    {
        var folder = BenchmarkSnapshot.ProjectDirectory(typeof(BenchmarkSnapshotTests).Assembly);
        Assert.True(File.Exists(Path.Combine(folder, "LossBench.Testing.Tests.csproj")), folder);
    }
}

/// <summary>The tool seeds libtorch's global generator and sets its thread count: nothing else of this assembly runs beside it.</summary>
[CollectionDefinition(nameof(BenchmarkSnapshotTests), DisableParallelization = true)]
public sealed class BenchmarkSnapshotCollection;
