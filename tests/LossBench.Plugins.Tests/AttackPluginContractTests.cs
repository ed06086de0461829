using System.Reflection;
using LossBench.Plugins.Attacks.Gradient;
using LossBench.Sdk.Options;
using LossBench.Sdk.Plugins;

namespace LossBench.Plugins.Tests;

/// <summary>
/// The attack plugins are evaluations with the documented option keys and defaults (their shape is
/// checked with every other built-in assembly in <see cref="PluginContractTests"/>).
/// </summary>
public sealed class AttackPluginContractTests
{
    private static readonly Assembly Attacks = typeof(FgsmEvaluation).Assembly;

    [Fact]
    public void The_gradient_attacks_noise_and_saliency_are_evaluations()
    {
        var found = Attacks.GetTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<PluginAttribute>()))
            .Where(p => p.Attribute is not null && p.Type.Namespace is { } ns && !ns.Contains("Geometry", StringComparison.Ordinal))
            .ToDictionary(p => p.Attribute!.Name, p => PluginKinds.KindsOf(p.Type).Single());
        foreach (var name in new[] { "fgsm", "pgd", "noise", "saliency-pixels" })
            Assert.Equal(PluginKind.Evaluation, found[name]);
    }

    [Fact]
    public void The_options_schemas_show_the_documented_keys_and_defaults()
    {
        static string[] Rows(Type options) => OptionsSchema.Describe(options).Select(o => $"{o.Key} = {o.Default}").ToArray();
        Assert.Equal(["split = test", "examples = null", "epsilons = [0.05, 0.1, 0.2, 0.3]", "loss = cross-entropy", "flag-tolerance = 0.01"],
            Rows(typeof(FgsmOptions)));
        Assert.Equal(["split = test", "examples = null", "norm = linf", "epsilons = null", "steps = 10", "step-size = null", "random-start = true",
            "restarts = 1", "loss = cross-entropy", "flag-tolerance = 0.01"], Rows(typeof(PgdOptions)));
        Assert.Equal(["split = test", "examples = null", "kinds = [uniform, sign, gaussian]", "linf-epsilons = [0.05, 0.1, 0.2, 0.3]", "l2-epsilons = [0.5, 1, 2, 3]"],
            Rows(typeof(Attacks.Noise.NoiseOptions)));
        Assert.Equal(["split = test", "examples = null", "fractions = [0, 0.01, 0.02, 0.05, 0.1, 0.2]", "fill = mean", "loss = cross-entropy"],
            Rows(typeof(Attacks.Saliency.SaliencyPixelsOptions)));
    }
}
