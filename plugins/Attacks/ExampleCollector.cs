using LossBench.Sdk.Evaluations;
using LossBench.Torch;

namespace LossBench.Plugins.Attacks;

/// <summary>Gathers the per-example outcomes of one metric batch by batch (<see cref="ExampleOutcomes"/>).</summary>
internal sealed class ExampleCollector
{
    private readonly List<int> _index = [];
    private readonly List<int> _predicted = [];
    private readonly List<float> _labelProbability = [];
    private readonly List<bool> _correct = [];

    /// <summary>
    /// Adds a batch that starts at example <paramref name="start"/> of the split: the model's
    /// <paramref name="logits"/> [N,C], the <paramref name="labels"/> [N] and which examples count as
    /// <paramref name="correct"/> [N] for the metric. p(label) is taken under the context's link, in float64 on the CPU.
    /// </summary>
    public void Add(EvaluationContext context, long start, Tensor logits, Tensor labels, Tensor correct)
    {
        using var scope = torch.NewDisposeScope();
        var cpuLabels = labels.to(Device.CPU, ScalarType.Int64);
        var logProbs = context.LogProbabilities(logits.to(Device.CPU, ScalarType.Float64));
        var labelProbs = logProbs.gather(1, cpuLabels.unsqueeze(1)).squeeze(1).exp().ToArray<double>();
        var predicted = logits.argmax(1).to(Device.CPU, ScalarType.Int64).ToArray<long>();
        var hits = correct.to(Device.CPU, ScalarType.Bool).ToArray<bool>();
        for (var i = 0; i < predicted.Length; i++)
        {
            _index.Add(checked((int)(start + i)));
            _predicted.Add(checked((int)predicted[i]));
            _labelProbability.Add((float)labelProbs[i]);
            _correct.Add(hits[i]);
        }
    }

    public ExampleOutcomes Build() => new ExampleOutcomes([.. _index], [.. _predicted], [.. _labelProbability], [.. _correct]).Validate();
}
