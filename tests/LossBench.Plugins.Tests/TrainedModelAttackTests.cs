using LossBench.Plugins.Attacks;
using LossBench.Plugins.Attacks.Gradient;
using LossBench.Plugins.Attacks.Noise;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Evaluations;
using LossBench.Torch;
using LossBench.Torch.Modules;

namespace LossBench.Plugins.Tests;

/// <summary>
/// On a real (briefly trained) MLP: PGD is never weaker than FGSM at the same budget, random noise
/// never beats PGD, and a working attack raises none of the flags. The model is trained once for
/// the class (about a second on one thread) on 2,000 mnist-10k images and attacked on 500 others.
/// </summary>
public sealed class TrainedModelAttackTests : IClassFixture<TrainedModelAttackTests.TrainedMlp>
{
    public sealed class TrainedMlp : IDisposable
    {
        public TrainedMlp() => (Model, Data) = AttackFixtures.TrainedMlp();

        public Sequential Model { get; }
        public DataSplits Data { get; }

        public EvaluationResult Evaluate(IEvaluation evaluation)
        {
            using var generator = new Generator(12);
            return evaluation.Evaluate(AttackFixtures.Context(Model, Data, generator, batchSize: 128));
        }

        public void Dispose()
        {
            Model.Dispose();
            Data.Dispose();
        }
    }

    private readonly TrainedMlp _trained;

    public TrainedModelAttackTests(TrainedMlp trained) => _trained = trained;

    private static readonly double[] Linf = [0.05, 0.1, 0.2];
    private static readonly double[] L2 = [0.5, 1.0, 2.0];

    [Fact]
    public void Pgd_is_never_weaker_than_fgsm_and_noise_never_beats_pgd_in_linf()
    {
        var fgsm = _trained.Evaluate(new FgsmEvaluation(new FgsmOptions { Epsilons = Linf }));
        var pgd = _trained.Evaluate(new PgdEvaluation(new PgdOptions { Epsilons = Linf }));
        var noise = _trained.Evaluate(new NoiseEvaluation(new NoiseOptions { LinfEpsilons = Linf, L2Epsilons = L2 }));

        var clean = fgsm.Metrics["clean-accuracy"];
        Assert.True(clean > 0.8, $"the trained MLP reaches only {clean} clean accuracy");
        Assert.Equal(clean, pgd.Metrics["clean-accuracy"]);
        Assert.Equal(clean, noise.Metrics["clean-accuracy"]);
        foreach (var eps in Linf)
        {
            var name = MetricNames.AtEpsilon("accuracy", eps);
            var (f, p) = (fgsm.Metrics[name], pgd.Metrics[name]);
            Assert.True(p <= f, $"eps {eps}: PGD accuracy {p} above FGSM's {f}");
            foreach (var kind in new[] { "uniform", "sign" })
            {
                var n = noise.Metrics[MetricNames.AtEpsilon(kind + ".accuracy", eps)];
                Assert.True(n >= p, $"eps {eps}: {kind} noise accuracy {n} below PGD's {p}");
            }
        }
        // At eps 0.2 PGD-10 breaks nearly every example of an undefended MLP, far below the noise.
        Assert.True(pgd.Metrics["accuracy@eps=0.2"] < 0.1, $"PGD at eps 0.2 leaves {pgd.Metrics["accuracy@eps=0.2"]}");
        foreach (var result in new[] { fgsm, pgd })
        {
            Assert.Equal(0.0, result.Metrics[AttackFlags.NonMonotone]);
            Assert.Equal(0.0, result.Metrics[AttackFlags.NoiseStronger]);
            Assert.True(result.Metrics[AttackFlags.ZeroGradients] < 0.01);
        }
    }

    [Fact]
    public void Noise_never_beats_pgd_in_l2_whichever_the_attack_loss()
    {
        var noise = _trained.Evaluate(new NoiseEvaluation(new NoiseOptions { Kinds = [NoiseKind.Gaussian], L2Epsilons = L2 }));
        foreach (var loss in new[] { AttackLoss.CrossEntropy, AttackLoss.Margin })
        {
            var pgd = _trained.Evaluate(new PgdEvaluation(new PgdOptions { Norm = LpNorm.L2, Epsilons = L2, Loss = loss }));
            foreach (var eps in L2)
            {
                var p = pgd.Metrics[MetricNames.AtEpsilon("accuracy", eps)];
                var n = noise.Metrics[MetricNames.AtEpsilon("gaussian.accuracy", eps)];
                Assert.True(n >= p, $"{loss}, eps {eps}: gaussian noise accuracy {n} below PGD's {p}");
            }
            Assert.Equal(0.0, pgd.Metrics[AttackFlags.NonMonotone]);
            Assert.Equal(0.0, pgd.Metrics[AttackFlags.NoiseStronger]);
        }
    }
    [Fact]
    public void Stored_outcomes_agree_with_each_accuracy_at_eps()
    {
        // For every attack reporting accuracy@eps: one outcome per evaluated example (500, in split
        // order), the mean of correct is the metric, a correct example is predicted as its label,
        // and p(label) is the largest probability (at least 1/10) where the prediction is the label
        // and at most 1/2 where it is not.
        var labels = _trained.Data.Test.Labels.to(ScalarType.Int64).ToArray<long>();
        var results = new (string Attack, EvaluationResult Result, string[] Names)[]
        {
            ("fgsm", _trained.Evaluate(new FgsmEvaluation(new FgsmOptions { Epsilons = Linf })), Linf.Select(e => MetricNames.AtEpsilon("accuracy", e)).ToArray()),
            ("pgd", _trained.Evaluate(new PgdEvaluation(new PgdOptions { Epsilons = Linf, Steps = 5 })), Linf.Select(e => MetricNames.AtEpsilon("accuracy", e)).ToArray()),
            ("noise", _trained.Evaluate(new NoiseEvaluation(new NoiseOptions { LinfEpsilons = Linf, L2Epsilons = L2 })),
                ["uniform.accuracy@eps=0.1", "sign.accuracy@eps=0.2", "gaussian.accuracy@eps=1"]),
        };
        foreach (var (attack, result, names) in results)
        {
            foreach (var name in names)
            {
                var outcomes = result.Examples[name];
                Assert.Equal(Enumerable.Range(0, 500), outcomes.Index);
                Assert.Equal(result.Metrics[name], outcomes.Correct.Count(c => c) / 500.0, 12);
                for (var i = 0; i < 500; i++)
                {
                    var asLabel = outcomes.Predicted[i] == labels[i];
                    Assert.True(!outcomes.Correct[i] || asLabel, $"{attack} {name}: example {i} is correct but predicted {outcomes.Predicted[i]}, label {labels[i]}");
                    Assert.True(asLabel ? outcomes.LabelProbability[i] >= 0.1f - 1e-6f : outcomes.LabelProbability[i] <= 0.5f + 1e-6f,
                        $"{attack} {name}: example {i} p(label) {outcomes.LabelProbability[i]} with prediction {outcomes.Predicted[i]}, label {labels[i]}");
                }
            }
            Assert.Equal(names.Length, result.Examples.Keys.Intersect(names).Count());
        }
    }
}
