using LossBench.Plugins.Attacks.Gradient;
using LossBench.Plugins.Attacks.Noise;
using LossBench.Sdk.Evaluations;

namespace LossBench.Plugins.Attacks;

/// <summary>
/// The result of an attack over a list of epsilons (fgsm, pgd), built from counts over the
/// evaluated examples:
/// <list type="bullet">
/// <item><c>clean-accuracy</c> on the same examples;</item>
/// <item><c>accuracy@eps=e</c>: robust accuracy, the fraction classified correctly both clean and
/// attacked (the zero perturbation is in every ball, so an attack never gets credit for an
/// example the model already gets wrong, and robust accuracy never exceeds clean accuracy);</item>
/// <item><c>noise-accuracy@eps=e</c>: accuracy under one draw of random noise of the same norm and
/// size (sign noise for L-infinity, a Gaussian direction of norm eps for L2), the control;</item>
/// <item>the flags of <see cref="AttackFlags"/>;</item>
/// <item>curves <c>accuracy</c> and <c>noise-accuracy</c> against epsilon, from epsilon 0 (clean).
/// The accuracy curve's y-axis name records the attack loss, e.g. "accuracy (attack loss: margin)".</item>
/// </list>
/// </summary>
internal sealed class AttackReport(IReadOnlyList<double> epsilons, LpNorm norm, AttackLoss loss, double tolerance)
{
    private readonly long[] _robust = new long[epsilons.Count];
    private readonly long[] _noise = new long[epsilons.Count];
    private long _clean;
    private long _zeroGradients;
    private long _count;

    public static string NoiseName(LpNorm norm) => $"{RandomPerturbation.Name(RandomPerturbation.ControlFor(norm))} noise";

    public void AddBatch(long examples, long clean, long zeroGradients)
    {
        _count += examples;
        _clean += clean;
        _zeroGradients += zeroGradients;
    }

    public void AddAttacked(int epsilon, long robust, long noise)
    {
        _robust[epsilon] += robust;
        _noise[epsilon] += noise;
    }

    public EvaluationResult Build()
    {
        if (_count == 0) throw new InvalidOperationException("no examples were counted");
        double N = _count;
        var clean = _clean / N;
        var robust = _robust.Select(c => c / N).ToArray();
        var noise = _noise.Select(c => c / N).ToArray();

        var metrics = new Dictionary<string, double> { ["clean-accuracy"] = clean };
        for (var e = 0; e < epsilons.Count; e++) metrics[MetricNames.AtEpsilon("accuracy", epsilons[e])] = robust[e];
        for (var e = 0; e < epsilons.Count; e++) metrics[MetricNames.AtEpsilon("noise-accuracy", epsilons[e])] = noise[e];

        // Clean accuracy is the point at epsilon 0 of both curves and of the monotonicity check.
        var withClean = Curves.FromZero(epsilons, robust, clean);
        metrics[AttackFlags.ZeroGradients] = _zeroGradients / N;
        metrics[AttackFlags.NonMonotone] = AttackFlags.Of(AttackFlags.IsNonMonotone(withClean.X, withClean.Y, tolerance));
        metrics[AttackFlags.NoiseStronger] = AttackFlags.Of(AttackFlags.IsNoiseStronger(robust, noise, tolerance));

        var axis = $"eps ({(norm == LpNorm.Linf ? "linf" : "l2")})";
        var noiseCurve = Curves.FromZero(epsilons, noise, clean);
        var curves = new Dictionary<string, Curve>
        {
            ["accuracy"] = new Curve(axis, $"accuracy (attack loss: {AttackObjective.Name(loss)})", withClean.X, withClean.Y).Validate(),
            ["noise-accuracy"] = new Curve(axis, $"accuracy under {NoiseName(norm)}", noiseCurve.X, noiseCurve.Y).Validate(),
        };
        return new EvaluationResult(metrics, curves);
    }
}
