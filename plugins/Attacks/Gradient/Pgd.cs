using System.Globalization;
using LossBench.Plugins.Attacks.Noise;
using LossBench.Torch;

namespace LossBench.Plugins.Attacks.Gradient;

/// <summary>One projected-gradient-descent attack configuration (Madry et al. 2018).</summary>
/// <param name="Norm">The ball the perturbation stays in.</param>
/// <param name="Epsilon">The ball's radius.</param>
/// <param name="Steps">Gradient steps per restart.</param>
/// <param name="StepSize">The size of a step (linf: per pixel; l2: of the whole step), or null for 2.5 * eps / steps.</param>
/// <param name="RandomStart">Start at a uniform random point of the ball instead of the clean image.</param>
/// <param name="Restarts">Independent runs; an example keeps the first run that fools the model.</param>
/// <param name="Loss">The objective the attacker maximises.</param>
public sealed record PgdSettings(
    LpNorm Norm,
    double Epsilon,
    int Steps = 10,
    double? StepSize = null,
    bool RandomStart = true,
    int Restarts = 1,
    AttackLoss Loss = AttackLoss.CrossEntropy)
{
    /// <summary>The step size used: the one given, or 2.5 * eps / steps, which lets a run cross the ball more than once.</summary>
    public double EffectiveStepSize => StepSize ?? 2.5 * Epsilon / Steps;

    /// <summary>Throws on settings no attack can run with, naming the setting and its value.</summary>
    public PgdSettings Validate()
    {
        static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        if (!double.IsFinite(Epsilon) || Epsilon < 0) throw new ArgumentException($"pgd: epsilon must be finite and at least 0, got {N(Epsilon)}");
        if (Steps < 1) throw new ArgumentException($"pgd: steps must be at least 1, got {Steps}");
        if (StepSize is { } s && (!double.IsFinite(s) || s < 0)) throw new ArgumentException($"pgd: the step size must be finite and at least 0, got {N(s)}");
        if (Restarts < 1) throw new ArgumentException($"pgd: restarts must be at least 1, got {Restarts}");
        return this;
    }
}

/// <summary>
/// Projected gradient ascent on the attack loss within an L-infinity or L2 ball around each
/// image, intersected with the valid range [0, 1]:
/// <list type="bullet">
/// <item>linf: x &lt;- clip(x + alpha * sign(g), max(x0 - eps, 0), min(x0 + eps, 1)); the projection
/// onto the ball and the clip to [0, 1] are one clamp, because both are boxes;</item>
/// <item>l2: x &lt;- x + alpha * g / ||g||, then delta = x - x0 is scaled down to norm eps when
/// longer, then clipped to [0, 1] (clipping moves each value towards x0, which lies in [0, 1], so
/// it never leaves the ball).</item>
/// </list>
/// g is the input gradient of the per-example objective; an example whose gradient is zero does
/// not move (in l2 too: the normalisation guards against 0 / 0).
/// </summary>
public static class Pgd
{
    /// <summary>
    /// Adversarial versions of <paramref name="images"/> [N, C, H, W] (on the model's device) for
    /// <paramref name="labels"/> [N] (int64, same device), detached, in the caller's dispose scope.
    /// Random starts draw from <paramref name="generator"/> (on the CPU).
    /// </summary>
    public static Tensor Perturb(Module<Tensor, Tensor> model, Tensor images, Tensor labels, PgdSettings settings, Generator generator)
    {
        settings.Validate();
        using var scope = torch.NewDisposeScope();
        var clean = images.detach();
        Tensor? best = null, fooled = null;
        for (var restart = 0; restart < settings.Restarts; restart++)
        {
            var adversarial = Run(model, clean, labels, settings, generator);
            if (settings.Restarts == 1)
            {
                best = adversarial;
                break;
            }
            var wrong = Misclassified(model, adversarial, labels);
            if (restart == 0)
            {
                best = adversarial;
                fooled = wrong;
                continue;
            }
            // Examples not fooled so far take this run's result when it fools the model.
            var take = wrong.logical_and(fooled!.logical_not());
            best = torch.where(RandomPerturbation.ExampleScalars(take, clean.dim()), adversarial, best!);
            fooled = fooled.logical_or(wrong);
        }
        return best!.MoveToOuterDisposeScope();
    }

    /// <summary>[N] bool: the model's arg-max is not the label. The forward pass's activations are freed at once.</summary>
    private static Tensor Misclassified(Module<Tensor, Tensor> model, Tensor images, Tensor labels)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return model.forward(images).argmax(1).ne(labels).MoveToOuterDisposeScope();
    }

    /// <summary>One run from the clean images or a random start; the result belongs to the caller's scope.</summary>
    private static Tensor Run(Module<Tensor, Tensor> model, Tensor clean, Tensor labels, PgdSettings settings, Generator generator)
    {
        var epsilon = settings.Epsilon;
        var stepSize = settings.EffectiveStepSize;
        var linf = settings.Norm == LpNorm.Linf;
        // The L-infinity ball intersected with [0, 1], per pixel.
        var lower = linf ? clean.sub(epsilon).clamp_min(0.0) : null;
        var upper = linf ? clean.add(epsilon).clamp_max(1.0) : null;

        var x = clean;
        if (settings.RandomStart)
            x = linf
                ? clean.add(RandomPerturbation.Sample(NoiseKind.Uniform, clean, epsilon, generator)).clamp(lower, upper)
                : clean.add(RandomPerturbation.UniformInL2Ball(clean, epsilon, generator)).clamp(0.0, 1.0);

        for (var step = 0; step < settings.Steps; step++)
        {
            // Each step's graph and temporaries are freed at the end of the step: memory stays flat
            // however many steps run.
            using var stepScope = torch.NewDisposeScope();
            var (gradient, _) = AttackObjective.InputGradient(model, x, labels, settings.Loss);
            Tensor next;
            if (linf)
            {
                next = x.add(gradient.sign(), stepSize).clamp(lower, upper);
            }
            else
            {
                var moved = x.add(RandomPerturbation.UnitL2(gradient), stepSize);
                var delta = moved.sub(clean);
                var norms = RandomPerturbation.ExampleL2Norms(delta);
                // min(1, eps / ||delta||): shrink only what left the ball.
                var shrink = norms.clamp_min(1e-12).reciprocal().mul(epsilon).clamp_max(1.0);
                next = clean.add(delta.mul(RandomPerturbation.ExampleScalars(shrink, clean.dim()))).clamp(0.0, 1.0);
            }
            next.MoveToOuterDisposeScope();
            if (!ReferenceEquals(x, clean)) x.Dispose();
            x = next;
        }
        return x; // Validate() guarantees a step, so x is never the clean tensor itself
    }
}
