using LossBench.Sdk.Losses;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>What the debiasing losses read: b (the bias model's probabilities, annealed when asked) and values at each sample's label.</summary>
internal static class DebiasInputs
{
    /// <summary>b [N, C], checked against the logits' shape; with <c>anneal</c>, scaled for this step (<see cref="Annealed"/>).</summary>
    public static Tensor Bias(string loss, LossInput input, DebiasOptions options)
    {
        LossShapes.Check(loss, input.Logits, input.TargetProbs);
        var b = input.BiasProbs ?? throw new InvalidOperationException($"{loss} needs bias-model probabilities, and the host gave none");
        if (!b.shape.SequenceEqual(input.Logits.shape))
            throw new ArgumentException($"{loss}: bias probabilities must have the logits' shape [{string.Join(", ", input.Logits.shape)}], got [{string.Join(", ", b.shape)}]");
        b = b.to(input.Logits.dtype);
        return options.Anneal ? Annealed(b, 1 - AnnealAlpha(options.AnnealMin, input.Progress)) : b;
    }

    /// <summary>
    /// alpha_t of Utama et al. (2020b), section 3 (annealing mechanism): it rises linearly with the step,
    /// from 0 at the first step to 1 - a at the end of training, a = <paramref name="annealMin"/>
    /// (0.8 in the paper and the authors' code, which steps the exponent 1 - alpha_t from 1 to a).
    /// </summary>
    public static double AnnealAlpha(double annealMin, TrainingProgress progress) => (1 - annealMin) * Math.Clamp(progress.Fraction, 0, 1);

    /// <summary>
    /// b_c^e / sum_k b_k^e per row, e = 1 - alpha_t: e = 1 leaves b as it is, e = 0 makes it uniform, so the
    /// bias model's confidence is lowered as training goes on and the main model learns from more examples.
    /// Computed as a softmax of e log b (log of max(b, 1e-12)), stable when b has zeros.
    /// </summary>
    public static Tensor Annealed(Tensor b, double exponent) =>
        torch.nn.functional.softmax(b.clamp_min(1e-12).log() * exponent, 1);

    /// <summary>b at each sample's label, [N].</summary>
    public static Tensor AtLabel(Tensor values, Tensor labels) => values.gather(1, labels.unsqueeze(1)).squeeze(1);
}
