using LossBench.Host.Cli;
using LossBench.Host.Config;
using LossBench.Host.Plugins;
using LossBench.Host.Training;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Options;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Tests;

/// <summary>The augmentation plugins as the tool sees them: discovered, documented, and chains built through the host's factory.</summary>
public sealed class AugmentationPluginsTests
{
    public static TheoryData<string, string[]> Augmentations => new()
    {
        { "flip", ["p"] },
        { "crop", ["padding"] },
        { "flip-crop", ["padding", "p"] },
        { "cutout", ["size", "count"] },
        { "random-erasing", ["p", "scale-min", "scale-max", "ratio-min", "ratio-max", "fill"] },
        { "cutmix", ["alpha"] },
        { "gaussian-noise", ["sigma"] },
        { "rand-augment", ["ops", "magnitude"] },
        { "chain", ["of"] },
    };

    [Theory]
    [MemberData(nameof(Augmentations))]
    public void Discovery_finds_each_augmentation_with_every_option_described(string name, string[] options)
    {
        var descriptor = BuiltInCatalog.Catalog.Find(PluginKind.Augmentation, name);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Summary));
        Assert.NotNull(descriptor.OptionsType);
        var schema = OptionsSchema.Describe(descriptor.OptionsType!);
        Assert.Equal(options, schema.Select(o => o.Key));
        Assert.All(schema, o => Assert.False(string.IsNullOrWhiteSpace(o.Description), $"{name}.{o.Key} has no description"));
        Assert.DoesNotContain(BuiltInCatalog.Catalog.Failures, f => f.TypeName?.Contains("Augmentation", StringComparison.Ordinal) == true);
    }

    private static IAugmentation Build(string yaml)
    {
        var benchmark = ConfigTextFor(yaml);
        var value = Assert.Single(benchmark.Augmentations);
        // The scope is left open: the augmentations built here hold nothing to dispose.
        return BuiltInCatalog.Runtime.OpenScope().Get<IAugmentation>(value);
    }

    private static BenchmarkDefinition ConfigTextFor(string augmentations) =>
        BenchmarkLoader.Parse($"datasets: [mnist-10k]\nmodels: [mlp]\nlosses: [cross-entropy, gce]\naugmentations: [{augmentations}]\n", "/b/benchmarks.yaml", BuiltInCatalog.Catalog);

    [Fact]
    public void A_chain_builds_its_members_through_the_host_factory_and_applies_them_in_order()
    {
        var chain = Build("{ chain: { of: [{ crop: { padding: 2 } }, flip] } }");
        var recipe = Build("{ flip-crop: { padding: 2 } }");
        using var scope = torch.NewDisposeScope();
        var images = torch.arange(0, 2 * 36, dtype: ScalarType.Float32).view(2, 1, 6, 6) / 72;
        var labels = torch.tensor(new long[] { 0, 1 });
        var batch = new Batch(images, labels, torch.nn.functional.one_hot(labels, 2).to(ScalarType.Float32));
        using var a = new Generator(5);
        using var b = new Generator(5);
        Assert.True(chain.Apply(batch, a).Images.equal(recipe.Apply(batch, b).Images));
        var value = Assert.Single(ConfigTextFor("{ chain: { of: [{ crop: { padding: 2 } }, flip] } }").Augmentations);
        Assert.False(BuiltInCatalog.Runtime.Traits.Augmentation(value.Plugin, value.BoundOptions).MixesTargets);
    }

    [Fact]
    public void A_chain_with_cutmix_is_refused_with_a_hard_label_loss_at_plan_time()
    {
        var runner = new BenchmarkRunner(BuiltInCatalog.Runtime, new PlainRunReporter(TextWriter.Null));
        var plan = runner.Plan(ConfigTextFor("flip-crop, { chain: { of: [flip, cutmix] } }, rand-augment"), "cpu");
        var refused = Assert.Single(plan.Refused);
        Assert.Contains("gce needs hard labels", refused.Reason);
        Assert.Contains("chain", refused.Reason);
        Assert.Contains("mixes targets", refused.Reason);
    }

    [Fact]
    public void A_bad_chain_member_is_reported_with_its_position()
    {
        // Members are plugin references bound when the benchmark is read: the full YAML path and the member's own line and column.
        var error = Assert.Throws<ConfigException>(() => Build("{ chain: { of: [flip, { cutout: { size: 0 } }] } }"));
        Assert.Equal("augmentations[0].chain.of[1].cutout.size", error.ConfigPath);
        Assert.StartsWith("/b/benchmarks.yaml:4:", error.Message);
        Assert.Contains("between 1 and 1024", error.Message);
        var unknown = Assert.Throws<ConfigException>(() => Build("{ chain: { of: [flip, flop] } }"));
        Assert.Equal("augmentations[0].chain.of[1]", unknown.ConfigPath);
        Assert.Contains("no augmentation plugin is named 'flop' (did you mean 'flip'?)", unknown.Message);
    }
}
