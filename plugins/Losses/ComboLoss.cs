using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// A weighted sum of other losses, sum_k w_k L_k (BCE + Dice is <c>combo: { terms: [ { bce: {},
/// weight: 1 }, { dice: {}, weight: 1 } ] }</c>). The terms are plugin references: the host binds and
/// validates them with their full YAML path, sweeps inside them, and gives the combination the
/// union of their traits.
/// </summary>
[Plugin("combo", Summary = "Weighted sum of other losses: terms: [ { bce: {}, weight: 1 }, { dice: {}, weight: 1 } ]")]
public sealed class ComboLoss(ComboOptions options, IPluginFactory plugins) : ILoss
{
    private readonly IReadOnlyList<(ILoss Loss, double Weight)> _terms =
        (options.Terms ?? []).Select(t => (plugins.Create(t.Loss!), t.Weight)).ToArray();

    public Tensor Compute(LossInput input)
    {
        Tensor? total = null;
        foreach (var (loss, weight) in _terms)
        {
            var term = loss.Compute(input) * weight;
            total = total is null ? term : total + term;
        }
        return total!;
    }
}
