using LossBench.Host.Config;
using LossBench.Host.Plugins;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Losses;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Host.Training;

/// <summary>
/// `plan`'s check of every loss before anything trains: one batch of random logits (with a
/// gradient), labels, one-hot targets and, where the loss asks, uniform bias and teacher
/// probabilities, through the loss; what it returns must pass <see cref="LossContract"/>. A loss
/// that throws or breaks the contract is reported with its label and what went wrong.
/// </summary>
public static class LossDryRun
{
    private const int Batch = 4;

    /// <summary>The problems found, one line per loss and class count (empty when every loss is fine).</summary>
    public static IReadOnlyList<string> Check(PluginRuntime runtime, BenchmarkDefinition benchmark)
    {
        var problems = new List<string>();
        using var plugins = runtime.OpenScope();
        var classCounts = benchmark.Datasets.Select(d => plugins.Get<IDataset>(d).Info.Classes).Distinct().Order().ToArray();
        foreach (var loss in benchmark.Losses)
        foreach (var classes in classCounts)
        {
            try
            {
                var traits = runtime.Traits.Loss(loss.Plugin, loss.BoundOptions);
                using var scope = NewDisposeScope();
                using var generator = new Generator(0);
                var logits = randn([Batch, classes], generator).requires_grad_();
                var labels = arange(Batch, ScalarType.Int64) % classes;
                var targets = nn.functional.one_hot(labels, classes).to(ScalarType.Float32);
                var uniform = full([Batch, classes], 1.0 / classes);
                var value = plugins.Get<ILoss>(loss).Compute(new LossInput(logits, labels, targets, traits.NeedsBiasModel ? uniform : null, new TrainingProgress(0, 1, 0, 1))
                {
                    TargetsAreOneHot = true,
                    TeacherProbs = traits.NeedsTeacher ? uniform : null,
                });
                LossContract.Check(value, loss.Label);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var message = e is PluginContractException or PluginConstructionException ? e.Message : $"the loss {loss.Label} failed on a batch of {classes} classes: {e.GetType().Name}: {e.Message}";
                problems.Add($"{loss.Path}: {message}");
            }
        }
        return problems;
    }
}
