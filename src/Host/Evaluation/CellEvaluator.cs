using System.Diagnostics;
using System.Text.Json.Nodes;
using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Host.Results;
using LossBench.PluginSupport.Datasets;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Evaluations;
using LossBench.Torch;

namespace LossBench.Host.Evaluation;

/// <summary>
/// Runs the benchmark's evaluations on a trained cell, each with its own generator (seeded by
/// seed, cell and evaluation) and cached by a hash of its configuration, so adding an evaluation
/// to benchmarks.yaml runs only that one.
/// </summary>
public sealed class CellEvaluator(TrainingSettings training, Device device)
{
    /// <summary>What identifies an evaluation's result: its identity (plugin, version, content hash, options after defaults) and the example limit.</summary>
    public string ConfigHash(AxisValue evaluation) => CanonicalJson.Hash(new JsonObject
    {
        ["evaluation"] = MatrixExpander.PluginJson(evaluation),
        ["max-eval-examples"] = training.MaxEvalExamples,
    });

    /// <param name="link">How the cell's loss turns logits into probabilities (its traits' link).</param>
    public EvaluationRecord Evaluate(Plugins.PluginScope plugins, AxisValue evaluation, Cell cell, Module<Tensor, Tensor> model, DataSplits data,
        LossBench.Sdk.Losses.PredictionLink link = LossBench.Sdk.Losses.PredictionLink.Softmax)
    {
        var plugin = plugins.Get<IEvaluation>(evaluation);
        using var generator = new Generator(SeedDerivation.Evaluation(cell.Seed, cell.SeedKey, cell.SeedKeyOf(evaluation)));
        var clock = Stopwatch.StartNew();
        model.eval();
        // The corrupt:<kind>@<severity> splits are the host's: every data set's splits get the one corruptor (see DataSplits).
        data.UseCorruptor(SplitCorruptor.Instance);
        var result = plugin.Evaluate(new EvaluationContext(model, data, device, generator, new EvaluationBudget(training.MaxEvalExamples, training.EvalBatchSize)) { Link = link });
        foreach (var (name, curve) in result.Curves) curve.Validate();
        var examples = result.Examples ?? new Dictionary<string, ExampleOutcomes>();
        foreach (var (name, outcomes) in examples)
        {
            // Stored as <label>/<name>/<field>: a name must not hold the separator.
            if (string.IsNullOrEmpty(name) || name.Contains('/'))
                throw new InvalidOperationException($"evaluation {evaluation.Label} returned per-example outcomes named '{name}': a name must be non-empty and hold no '/'");
            outcomes.Validate();
        }
        return new EvaluationRecord(ConfigHash(evaluation), result.Metrics, result.Curves, clock.Elapsed.TotalSeconds)
        {
            ExampleNames = examples.Count == 0 ? null : examples.Keys.Order(StringComparer.Ordinal).ToArray(),
            Examples = examples.Count == 0 ? null : examples,
        };
    }
}
