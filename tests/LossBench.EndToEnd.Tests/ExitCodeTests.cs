using System.Text.Json.Nodes;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// The exit-code contract with real runs: 0 done, 1 some cell failed (BenchmarkRunTests), 2 bad
/// input, 3 an environment problem, 70 an internal error with its stack trace in a log, 130
/// interrupted (ResumeAndShardTests). Never a stack trace on screen.
/// </summary>
public sealed class ExitCodeTests
{
    private static readonly string OneCell = TinyBenchmark.Yaml(losses: "[cross-entropy]", seeds: "[0]", train: 64);

    /// <summary>
    /// Makes <paramref name="folder"/> refuse to take <paramref name="file"/>: read-only, as a user
    /// would make it; and, because root writes into a read-only folder anyway, with a directory
    /// where the file goes, which refuses the file to anyone. Disposing makes it writable again.
    /// </summary>
    private static Restore Unwritable(string folder, string file)
    {
        Directory.CreateDirectory(Path.Combine(folder, file));
        if (OperatingSystem.IsWindows()) return new Restore(() => { });
        var before = File.GetUnixFileMode(folder);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
                                     UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return new Restore(() =>
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, before);
        });
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    private static void AssertNoStackTrace(string error) => Assert.DoesNotContain("   at ", error);

    [Fact]
    public void ARunIntoAResultsFolderThatCannotBeWrittenIsAnEnvironmentProblem()
    {
        using var run = new ToolRun(OneCell);
        var folder = Path.Combine(run.Results(), "tiny");

        int code;
        string output, error;
        using (Unwritable(folder, "benchmark.json"))
            (code, output, error) = run.RunBenchmark();

        Assert.True(code == 3, $"exit {code}\n{output}\n{error}");
        Assert.StartsWith("error: ", error);
        Assert.Contains(folder, error);
        AssertNoStackTrace(error);
        Assert.False(Directory.Exists(Path.Combine(folder, "cells")));
    }

    [Fact]
    public void AReportPrintsItsTablesEvenWhenItCannotWriteThem()
    {
        using var run = new ToolRun(OneCell);
        Assert.Equal(0, run.RunBenchmark().Code);
        var folder = Path.Combine(run.Results(), "tiny");
        var tables = run.ReadReport("results", "md").Trim();
        File.Delete(Path.Combine(folder, "report.md"));

        int code;
        string output, error;
        using (Unwritable(folder, "report.md"))
            (code, output, error) = run.Cli("report", folder);

        Assert.True(code == 3, $"exit {code}\n{output}\n{error}");
        Assert.Contains(tables, output.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("report: ", output); // the line that names the written files
        Assert.StartsWith("error: ", error);
        Assert.Contains(folder, error);
        AssertNoStackTrace(error);
    }

    [Fact]
    public void APlanOverADataFolderThatDoesNotExistIsBadInputWithTheDataSetsMessage()
    {
        // plan loads each data set to count steps: a missing folder is the user's to fix, not a crash.
        var missing = Path.Combine(Path.GetTempPath(), "lossbench-no-such-folder-" + Guid.NewGuid().ToString("N"));
        using var run = new ToolRun($"datasets: [{{ idx: {{ dir: {missing} }} }}]\nmodels: [mlp]\nlosses: [cross-entropy]\n");
        var (code, output, error) = run.Cli("plan", run.BenchmarkFile, "--out", run.Results());
        Assert.True(code == 2, $"exit {code}\n{output}\n{error}");
        Assert.Contains($"idx: the folder {missing} does not exist", error);
        AssertNoStackTrace(error);
    }

    [Fact]
    public void ABenchmarkNameLongerThanAFileNameIsBadInput()
    {
        var name = new string('n', 300);
        using var run = new ToolRun(OneCell.Replace("name: tiny", "name: " + name, StringComparison.Ordinal));

        var (code, output, error) = run.RunBenchmark();

        Assert.True(code == 2, $"exit {code}\n{output}\n{error}");
        Assert.Contains($"{run.BenchmarkFile}:1:7: name: 'nnnnnnnnnnnnnnnnnnnn...' is 300 characters long, and a results folder name can have at most 255", error);
        AssertNoStackTrace(error);
    }

    [Fact]
    public void AnUnexpectedExceptionIsAnInternalErrorWithItsStackTraceInALogInTheResultsFolder()
    {
        // The faulty loss throws from its traits, which the tool reads when it plans the run: outside any cell, where nothing expects it.
        using var run = new ToolRun(TinyBenchmark.Yaml(losses: "[cross-entropy, { faulty: { throw-in-traits: true } }]", seeds: "[0]", train: 64));

        var (code, output, error) = run.RunBenchmark();

        Assert.True(code == 70, $"exit {code}\n{output}\n{error}");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        const string prefix = "internal error: System.InvalidOperationException: faulty loss asked to fail in TraitsOf; details in ";
        Assert.StartsWith(prefix, line);
        var log = line[prefix.Length..];
        Assert.Equal(Path.Combine(run.Results(), "tiny"), Path.GetDirectoryName(log));
        var text = File.ReadAllText(log);
        Assert.Contains($"command line: lossbench run {run.BenchmarkFile} --out {run.Results()} --threads 1", text);
        Assert.Contains("at Fixture.Faulty.FaultyLoss.TraitsOf(", text);
        Assert.Contains("at LossBench.Host.Cli.RunCommand.", text);
    }

    [Fact]
    public void MoreThreadsThanLogicalCoresAreCappedWithAWarning()
    {
        using var run = new ToolRun(OneCell);
        var cores = Environment.ProcessorCount;

        var (code, output, error) = run.Cli("run", run.BenchmarkFile, "--out", run.Results(), "--threads", (cores + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains($"warning: --threads asks for {cores + 1} threads, but this machine has {cores} logical core(s); using {cores}", error);
        var cell = Directory.GetFiles(Path.Combine(run.Results(), "tiny", "cells"), "*.json").Select(f => JsonNode.Parse(File.ReadAllText(f))!).Single();
        Assert.Equal(cores, (int)cell["environment"]!["threads"]!);
    }
}
