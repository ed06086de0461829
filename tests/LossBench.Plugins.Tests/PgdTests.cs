using LossBench.Plugins.Attacks;
using LossBench.Plugins.Attacks.Gradient;
using LossBench.Sdk.Options;
using LossBench.Torch;
using LossBench.Torch.Modules;

namespace LossBench.Plugins.Tests;

/// <summary>
/// Pgd.Perturb and the pgd evaluation: the perturbation stays in its ball and in [0, 1], one
/// full-size step without a random start is FGSM, L2 steps follow the normalised gradient, restarts
/// only add broken examples, and the margin loss has the hand-derived gradient.
/// </summary>
public sealed class PgdTests
{
    /// <summary>A random 2x2x3 -> 16 -> 3 ReLU network and 64 random images, all from local generators.</summary>
    private static (Sequential Model, Tensor Images, Tensor Labels) RandomProblem()
    {
        using var init = new Generator(11);
        var model = new Sequential(torch.nn.Flatten(),
            torch.nn.Linear(12, 16, generator: init), torch.nn.ReLU(), torch.nn.Linear(16, 3, generator: init));
        var images = torch.rand([64, 2, 2, 3], init);
        var labels = torch.randint(3, [64], init);
        return (model, images, labels);
    }

    [Fact]
    public void Linf_stays_within_eps_of_every_pixel_and_in_0_1()
    {
        using var scope = torch.NewDisposeScope();
        var (model, images, labels) = RandomProblem();
        using var _ = model;
        using var generator = new Generator(3);
        var adversarial = Pgd.Perturb(model, images, labels, new PgdSettings(LpNorm.Linf, 0.1, Steps: 5), generator);

        var delta = Expect.Values(adversarial.sub(images).abs());
        Assert.True(delta.Max() <= 0.1 + 1e-6, $"max |x' - x| = {delta.Max()}");
        // The attack does move: with step size 2.5 * eps / steps most pixels end on the ball's surface.
        Assert.True(delta.Count(d => d >= 0.1 - 1e-6) > delta.Length / 2, "fewer than half of the pixels reached |x' - x| = eps");
        var values = Expect.Values(adversarial);
        Assert.True(values.Min() >= 0 && values.Max() <= 1, $"values in [{values.Min()}, {values.Max()}]");
    }

    [Fact]
    public void L2_stays_within_eps_of_every_image_and_in_0_1()
    {
        using var scope = torch.NewDisposeScope();
        var (model, images, labels) = RandomProblem();
        using var _ = model;
        using var generator = new Generator(3);
        var adversarial = Pgd.Perturb(model, images, labels, new PgdSettings(LpNorm.L2, 0.5, Steps: 5), generator);

        var delta = Expect.Values(adversarial.sub(images));
        var norms = Enumerable.Range(0, 64).Select(n => Math.Sqrt(delta.Skip(n * 12).Take(12).Sum(d => d * d))).ToArray();
        Assert.True(norms.Max() <= 0.5 * (1 + 1e-5), $"max ||x' - x|| = {norms.Max()}");
        Assert.True(norms.Count(r => r >= 0.45) > 32, $"few examples moved far: norms {string.Join(", ", norms.Take(8))} ...");
        var values = Expect.Values(adversarial);
        Assert.True(values.Min() >= 0 && values.Max() <= 1, $"values in [{values.Min()}, {values.Max()}]");
    }

    [Fact]
    public void One_linf_step_of_size_eps_without_random_start_is_fgsm_exactly()
    {
        using var scope = torch.NewDisposeScope();
        var (model, images, labels) = RandomProblem();
        using var _ = model;
        using var generator = new Generator(3);
        foreach (var loss in new[] { AttackLoss.CrossEntropy, AttackLoss.Margin })
        {
            var pgd = Pgd.Perturb(model, images, labels, new PgdSettings(LpNorm.Linf, 0.2, Steps: 1, StepSize: 0.2, RandomStart: false, Loss: loss), generator);
            var (gradient, _) = AttackObjective.InputGradient(model, images, labels, loss);
            var fgsm = FgsmEvaluation.Step(images, gradient.sign(), 0.2);
            Assert.True(pgd.equal(fgsm), $"PGD-1 differs from FGSM with the {loss} loss");
        }
    }

    [Fact]
    public void An_l2_step_follows_the_normalised_gradient_and_is_projected_back_onto_the_ball()
    {
        // Two classes, z1 - z0 = (w1 - w0) . x with w1 - w0 = (3, -4, 0), norm 5: the gradient of
        // either loss at label 0 is a positive multiple of (3, -4, 0), so a step of size a moves x by
        // a * (0.6, -0.8, 0).
        using var scope = torch.NewDisposeScope();
        using var model = AttackFixtures.Linear([[0, 0, 0], [3, -4, 0]], [0, 0]);
        var images = torch.tensor([0.5f, 0.5f, 0.5f], [1, 1, 1, 3]);
        var labels = torch.tensor([0L]);
        using var generator = new Generator(3);

        var small = Pgd.Perturb(model, images, labels, new PgdSettings(LpNorm.L2, 0.3, Steps: 1, StepSize: 0.1, RandomStart: false), generator);
        Expect.Close([0.56, 0.42, 0.5], Expect.Values(small), rtol: 0, atol: 1e-6, what: "a = 0.1 < eps");
        // A step of 0.5 overshoots the ball of radius 0.3 and is scaled back onto it: 0.3 * (0.6, -0.8, 0).
        var large = Pgd.Perturb(model, images, labels, new PgdSettings(LpNorm.L2, 0.3, Steps: 1, StepSize: 0.5, RandomStart: false), generator);
        Expect.Close([0.68, 0.26, 0.5], Expect.Values(large), rtol: 0, atol: 1e-6, what: "a = 0.5 > eps");
        // Two steps of 0.2: 0.2 along the direction, then 0.4, projected back to 0.3.
        var two = Pgd.Perturb(model, images, labels, new PgdSettings(LpNorm.L2, 0.3, Steps: 2, StepSize: 0.2, RandomStart: false, Loss: AttackLoss.Margin), generator);
        Expect.Close([0.68, 0.26, 0.5], Expect.Values(two), rtol: 0, atol: 1e-6, what: "two steps");
    }

    [Theory]
    [InlineData(LpNorm.Linf)]
    [InlineData(LpNorm.L2)]
    public void A_model_without_input_gradient_leaves_the_images_where_they_are(LpNorm norm)
    {
        using var scope = torch.NewDisposeScope();
        using var model = AttackFixtures.Linear([[0, 0, 0, 0], [0, 0, 0, 0]], [1, 0]);
        var images = torch.tensor([0.1f, 0.4f, 0.6f, 0.9f, 0.0f, 1.0f, 0.5f, 0.5f], [2, 1, 2, 2]);
        using var generator = new Generator(3);
        var adversarial = Pgd.Perturb(model, images, torch.tensor([0L, 1L]), new PgdSettings(norm, 0.2, RandomStart: false), generator);
        Assert.True(adversarial.equal(images));
    }

    [Fact]
    public void Restarts_only_add_fooled_examples_to_those_of_the_first_run()
    {
        // With the same seed, the first of three restarts draws the same random start as a single
        // run, so it finds the same adversarial images; the others can only add fooled examples.
        using var scope = torch.NewDisposeScope();
        var (model, images, labels) = RandomProblem();
        using var _ = model;
        var settings = new PgdSettings(LpNorm.Linf, 0.05, Steps: 3);
        bool[] Fooled(Tensor adversarial)
        {
            using var noGrad = torch.no_grad();
            return model.forward(adversarial).argmax(1).ne(labels).contiguous().ToArray<bool>();
        }
        using var once = new Generator(5);
        using var thrice = new Generator(5);
        var single = Fooled(Pgd.Perturb(model, images, labels, settings, once));
        var restarted = Fooled(Pgd.Perturb(model, images, labels, settings with { Restarts = 3 }, thrice));
        for (var n = 0; n < single.Length; n++)
            Assert.True(!single[n] || restarted[n], $"example {n} was fooled by the single run but not with restarts");
        Assert.True(restarted.Count(f => f) >= single.Count(f => f));
    }

    [Fact]
    public void The_margin_loss_and_its_gradient_match_the_hand_derivation()
    {
        // Three classes over two pixels: z = W x + b with W rows (1, 2), (-1, 0.5), (3, -1), b = 0.
        // x = (0.2, 0.4): z = (1.0, 0.0, 0.2). Label 0: the best other class is 2, so the margin is
        // z2 - z0 = -0.8 and its gradient w2 - w0 = (2, -3). Label 1: best other 0, margin 1.0,
        // gradient w0 - w1 = (2, 1.5). Label 2: best other 0, margin 0.8, gradient w0 - w2 = (-2, 3).
        using var scope = torch.NewDisposeScope();
        using var model = AttackFixtures.Linear([[1, 2], [-1, 0.5], [3, -1]], [0, 0, 0]);
        var images = torch.tensor([0.2f, 0.4f, 0.2f, 0.4f, 0.2f, 0.4f], [3, 1, 1, 2]);
        var labels = torch.tensor([0L, 1L, 2L]);
        var logits = model.forward(images);
        Expect.Close([-0.8, 1.0, 0.8], Expect.Values(AttackObjective.PerExample(logits, labels, AttackLoss.Margin)), rtol: 0, atol: 1e-6, what: "margins");
        var (gradient, _) = AttackObjective.InputGradient(model, images, labels, AttackLoss.Margin);
        Expect.Close([2, -3, 2, 1.5, -2, 3], Expect.Values(gradient), rtol: 0, atol: 1e-6, what: "gradients");
    }

    [Fact]
    public void Settings_reject_what_no_attack_can_run_with()
    {
        Assert.Contains("epsilon must be finite and at least 0, got -0.1", Assert.Throws<ArgumentException>(() => new PgdSettings(LpNorm.Linf, -0.1).Validate()).Message);
        Assert.Contains("steps must be at least 1, got 0", Assert.Throws<ArgumentException>(() => new PgdSettings(LpNorm.Linf, 0.1, Steps: 0).Validate()).Message);
        Assert.Contains("restarts must be at least 1, got 0", Assert.Throws<ArgumentException>(() => new PgdSettings(LpNorm.Linf, 0.1, Restarts: 0).Validate()).Message);
        Assert.Equal(0.025, new PgdSettings(LpNorm.Linf, 0.1).EffectiveStepSize, 15);
        Assert.Equal(0.01, new PgdSettings(LpNorm.Linf, 0.1, StepSize: 0.01).EffectiveStepSize);
    }

    [Fact]
    public void Options_default_to_the_norms_own_epsilons_and_reject_bad_values()
    {
        var linf = OptionsBinder.Bind<PgdOptions>(null, "evaluations[2].pgd");
        Assert.Equal((LpNorm.Linf, 10, 1, true), (linf.Norm, linf.Steps, linf.Restarts, linf.RandomStart));
        Assert.Equal([0.05, 0.1, 0.2, 0.3], linf.EffectiveEpsilons);
        var l2 = OptionsBinder.Bind<PgdOptions>(ConfigMapping.Of(("norm", "l2")), "evaluations[2].pgd");
        Assert.Equal([0.5, 1.0, 2.0, 3.0], l2.EffectiveEpsilons);
        // An L2 budget may exceed 1; an L-infinity budget may not.
        Assert.Equal([4.0], OptionsBinder.Bind<PgdOptions>(ConfigMapping.Of(("norm", "l2"), ("epsilons", new[] { 4.0 })), "p").EffectiveEpsilons);
        Expect.BindingFails<PgdOptions>(ConfigMapping.Of(("epsilons", new[] { 4.0 })), "evaluations[2].pgd",
            "evaluations[2].pgd.epsilons", "epsilons[0] is 4");
        Expect.BindingFails<PgdOptions>(ConfigMapping.Of(("steps", 0)), "evaluations[2].pgd", "evaluations[2].pgd.steps", "between 1 and 10000");
        Expect.BindingFails<PgdOptions>(ConfigMapping.Of(("norm", "l1")), "evaluations[2].pgd", "evaluations[2].pgd.norm", "l1");
    }
}
