using System.Text.Json.Nodes;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// The loss search as a real process, killed with SIGKILL in the middle of a run (no chance to
/// tidy up) and started again: it must end with the leaderboard and best formulas of a search that
/// was never interrupted.
/// </summary>
public sealed class SearchKillTests
{
    private const string Yaml = """
        name: tiny-search
        seed: 3
        population: 4
        sample-size: 2
        evaluations: 40
        references: [cross-entropy]
        threads: 1
        device: cpu
        surrogate:
          dataset: { mnist-10k: { train: 900, test: 100 } }
          model: mlp
          augmentations: [none]
          epochs: 1
          steps: 4
          batch-size: 32
          validation: 200
          gate: 0
        """;

    [Fact]
    public void A_search_killed_mid_run_resumes_to_the_leaderboard_of_an_uninterrupted_one()
    {
        using var run = new ToolRun(Yaml, "search.yaml") { BenchmarkName = "tiny-search" };
        var whole = run.Cli("search", run.BenchmarkFile, "--out", run.Results("whole"));
        Assert.True(whole.Code == 0, whole.Error + whole.Output);

        var state = Path.Combine(run.Results("killed"), "tiny-search", "none", "search-state.json");
        using (var process = run.Start("search", run.BenchmarkFile, "--out", run.Results("killed")))
        {
            // Kill once a few candidates are saved, well before the 40th.
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (SavedCandidates(state) < 5 && !process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(5);
            Assert.False(process.HasExited, "the search ended before it could be killed");
            process.Kill();
            Assert.True(process.WaitForExit(60_000), "the search did not die");
        }
        var savedAtKill = SavedCandidates(state);
        Assert.InRange(savedAtKill, 5, 39);

        var resumed = run.Cli("search", run.BenchmarkFile, "--out", run.Results("killed"));
        Assert.True(resumed.Code == 0, resumed.Error + resumed.Output);
        foreach (var file in new[] { "leaderboard.md", "best-losses.yaml" })
            Assert.Equal(File.ReadAllText(Path.Combine(run.Results("whole"), "tiny-search", file)),
                File.ReadAllText(Path.Combine(run.Results("killed"), "tiny-search", file)));
        Assert.Equal(40, SavedCandidates(state));
    }

    /// <summary>Candidates in the saved state (0 while there is none); the file is replaced atomically, so it always parses.</summary>
    private static int SavedCandidates(string stateFile)
    {
        if (!File.Exists(stateFile)) return 0;
        try
        {
            return JsonNode.Parse(File.ReadAllText(stateFile))!["history"]!.AsArray().Count;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
