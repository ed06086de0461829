using LossBench.Sdk.Models;
using LossBench.Testing;

namespace LossBenchPlugin1.Tests;

public sealed class LossBenchPlugin1ModelTests
{
    [Fact]
    public void Follows_the_hosts_discovery_rules() => PluginAssert.Valid<LossBenchPlugin1Model>();

    [Fact]
    public void Keeps_the_model_contract_for_mnist() => PluginAssert.Model<LossBenchPlugin1Model>();

    [Fact]
    public void Keeps_the_model_contract_for_colour_images() => PluginAssert.Model<LossBenchPlugin1Model>("hidden: 8", new ModelShape(3, 32, 32, 100));

    [Fact]
    public void Has_the_parameters_of_two_linear_layers()
    {
        var model = PluginOptions.Create<LossBenchPlugin1Model>("hidden: 16");
        using var network = model.Create(new ModelShape(1, 28, 28, 10));
        // 784 x 16 weights + 16 biases, then 16 x 10 weights + 10 biases.
        Assert.Equal(784 * 16 + 16 + 16 * 10 + 10, network.parameter_count());
    }
}
