using System.Text.Json.Nodes;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// A loss that breaks its contract (not one scalar, or no gradient) is caught by `plan`'s dry run
/// before anything trains, and fails only its own cells in `run`, each message naming the loss and
/// what it returned.
/// </summary>
public sealed class LossContractTests
{
    private static readonly string Yaml = TinyBenchmark.Yaml(
        losses: "[cross-entropy, { faulty: { break: per-example } }, { faulty: { break: detached } }]", seeds: "[0]");

    [Fact]
    public void Plan_finds_a_loss_that_returns_no_scalar_or_no_gradient()
    {
        using var run = new ToolRun(Yaml);
        var (code, output, error) = run.Cli("plan", run.BenchmarkFile, "--out", run.Results());
        Assert.True(code == 1, $"exit {code}\n{output}\n{error}");
        Assert.Contains("problem: losses[1]: the loss faulty(break=per-example) returned a tensor of shape [4]; a loss returns one scalar", error);
        Assert.Contains("problem: losses[2]: the loss faulty(break=detached) returned a value without a gradient", error);
        Assert.DoesNotContain("losses[0]", error);
        // The plan itself is still printed: three cells to train.
        Assert.Contains("0 done, 0 to evaluate, 3 to train", output);
    }

    [Fact]
    public void Run_fails_only_the_cells_of_the_broken_losses_and_names_them()
    {
        using var run = new ToolRun(Yaml);
        var (code, output, error) = run.RunBenchmark();
        Assert.True(code == 1, $"exit {code}\n{output}\n{error}");
        var cells = Directory.GetFiles(Path.Combine(run.Results(), "tiny", "cells"), "*.json")
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject())
            .ToDictionary(c => (string)c["loss"]!);
        Assert.Equal("ok", (string)cells["cross-entropy"]["status"]!);
        Assert.Equal("failed", (string)cells["faulty(break=per-example)"]["status"]!);
        Assert.Equal("the loss faulty(break=per-example) returned a tensor of shape [32]; a loss returns one scalar (for example the mean over the batch)",
            (string)cells["faulty(break=per-example)"]["message"]!);
        Assert.StartsWith("the loss faulty(break=detached) returned a value without a gradient", (string)cells["faulty(break=detached)"]["message"]!);
    }
}
