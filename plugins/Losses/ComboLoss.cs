using System.Globalization;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Options;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// A weighted sum of other losses, sum_k w_k L_k (BCE + Dice is <c>combo: { terms: [ { bce: {},
/// weight: 1 }, { dice: {}, weight: 1 } ] }</c>). The terms are built when the combination is, so a
/// bad term is reported when the benchmark is planned; the traits are the union of the terms'.
/// </summary>
[Plugin("combo", Summary = "Weighted sum of other losses: terms: [ { bce: {}, weight: 1 }, { dice: {}, weight: 1 } ]")]
public sealed class ComboLoss : ILoss
{
    private readonly IReadOnlyList<(ILoss Loss, double Weight)> _terms;

    public ComboLoss(ComboOptions options, ILossFactory losses)
    {
        var terms = new List<(ILoss, double)>();
        if (options.Terms is ConfigSequence sequence)
        {
            for (var i = 0; i < sequence.Items.Count; i++)
            {
                var path = $"combo.terms[{i}]";
                if (sequence.Items[i] is not ConfigMapping term)
                    throw new OptionsBindingException(path, sequence.Items[i].Location, $"expected {{ <loss>: {{ options }}, weight: w }}, got {sequence.Items[i].Describe()}");
                var weight = 1.0;
                if (term["weight"] is { } weightNode)
                {
                    if (weightNode is not ConfigScalar { IsQuoted: false } w || !double.TryParse(w.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out weight) || !double.IsFinite(weight))
                        throw new OptionsBindingException(path + ".weight", weightNode.Location, $"expected number, got {weightNode.Describe()}");
                }
                var lossEntries = term.Entries.Where(e => e.Key != "weight").ToArray();
                if (lossEntries.Length != 1)
                    throw new OptionsBindingException(path, term.Location, $"a term names exactly one loss besides its weight, got {lossEntries.Length}");
                terms.Add((losses.Create(new ConfigMapping(lossEntries, term.Location), path), weight));
            }
        }
        _terms = terms;
        Traits = new LossTraits
        {
            HardLabelsOnly = terms.Any(t => t.Item1.Traits.HardLabelsOnly),
            NeedsBiasModel = terms.Any(t => t.Item1.Traits.NeedsBiasModel),
            NeedsTeacher = terms.Any(t => t.Item1.Traits.NeedsTeacher),
            // One bias model serves the whole combination: the first term that asks for one says which.
            BiasModel = terms.Select(t => t.Item1.Traits).FirstOrDefault(t => t.NeedsBiasModel)?.BiasModel ?? LossTraits.Default.BiasModel,
        };
    }

    public LossTraits Traits { get; }

    public Tensor Compute(LossInput input)
    {
        if (_terms.Count == 0) throw new InvalidOperationException("combo has no terms (options.terms is empty)");
        Tensor? total = null;
        foreach (var (loss, weight) in _terms)
        {
            var term = loss.Compute(input) * weight;
            total = total is null ? term : total + term;
        }
        return total!;
    }
}
