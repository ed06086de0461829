using System.Text.Json.Nodes;

namespace LossBench.EndToEnd.Tests;

/// <summary>A report merged from shards that ran with different libtorch threads says so in its header (Markdown and JSON); one from a single environment says nothing.</summary>
public sealed class EnvironmentDifferencesTests
{
    [Fact]
    public void ShardsWithDifferentThreadsAreFlaggedInTheReportHeader()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml());
        Assert.Equal(0, run.RunBenchmark("whole").Code);
        Assert.DoesNotContain("different environments", run.ReadReport("whole", "md"));
        Assert.Null(JsonNode.Parse(run.ReadReport("whole", "json"))!["environment-differences"]);

        Assert.Equal(0, run.Cli("run", run.BenchmarkFile, "--out", run.Results("mixed"), "--threads", "1", "--shard", "1/2").Code);
        Assert.Equal(0, run.Cli("run", run.BenchmarkFile, "--out", run.Results("mixed"), "--threads", "2", "--shard", "2/2").Code);

        var markdown = run.ReadReport("mixed", "md");
        Assert.StartsWith("**The cells ran in different environments, which can change the last digits:**\n\n- threads: 1 (2 cells), 2 (2 cells)\n\n", markdown);
        var differences = JsonNode.Parse(run.ReadReport("mixed", "json"))!["environment-differences"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(["threads: 1 (2 cells), 2 (2 cells)"], differences);
    }
}
