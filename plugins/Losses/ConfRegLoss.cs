using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace LossBench.Plugins.Losses;

/// <summary>
/// Confidence regularization (Utama et al., 2020): -sum_c S_c log p_c with the scaled teacher
/// distribution S_c = t_c^(1 - b_t) / sum_k t_k^(1 - b_t), where t is the teacher's (the cross-entropy
/// model of the same cell and seed) and b_t the bias model's probability of the label: the more the
/// bias model is sure of an example, the flatter the target the student learns from. Computed in log
/// space (a log_softmax of (1 - b_t) log t).
/// </summary>
[Plugin("conf-reg", Summary = "Confidence regularization: -sum_c S_c log p_c, S = teacher^(1 - b_t) renormalized")]
public sealed class ConfRegLoss(DebiasOptions options) : ILoss, IDeclaresLossTraits<DebiasOptions>
{

    public static LossTraits TraitsOf(DebiasOptions options) => options.Traits with { NeedsTeacher = true };

    public Tensor Compute(LossInput input)
    {
        var b = DebiasInputs.Bias("conf-reg", input, options);
        var teacher = input.TeacherProbs ?? throw new InvalidOperationException("conf-reg needs the teacher's probabilities, and the host gave none");
        var exponent = (1 - DebiasInputs.AtLabel(b, input.Labels)).unsqueeze(1);
        var scaled = torch.nn.functional.softmax(teacher.to(input.Logits.dtype).clamp_min(1e-12).log() * exponent, 1);
        return -(scaled * torch.nn.functional.log_softmax(input.Logits, 1)).sum(1).mean();
    }
}
