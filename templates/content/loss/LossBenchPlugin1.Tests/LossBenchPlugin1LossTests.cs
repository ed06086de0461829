using LossBench.Sdk.Losses;
using LossBench.Testing;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBenchPlugin1.Tests;

public sealed class LossBenchPlugin1LossTests
{
    [Fact]
    public void Follows_the_hosts_discovery_rules() => PluginAssert.Valid<LossBenchPlugin1Loss>();

    [Theory]
    [InlineData(null)]
    [InlineData("smoothing: 0")]
    [InlineData("smoothing: 0.5")]
    public void Keeps_the_loss_contract(string? options) => PluginAssert.Loss<LossBenchPlugin1Loss>(options);

    [Fact]
    public void Matches_the_formula_worked_out_by_hand()
    {
        // Two classes, logits (0, ln 2): softmax = (1/3, 2/3). Label 1, smoothing 0.2: q' = (0.1, 0.9).
        var expected = -(0.1 * Math.Log(1.0 / 3) + 0.9 * Math.Log(2.0 / 3));
        using var scope = NewDisposeScope();
        var loss = PluginOptions.Create<LossBenchPlugin1Loss>("smoothing: 0.2");
        var logits = tensor(new[] { 0.0, Math.Log(2) }, [1, 2], ScalarType.Float64).requires_grad_();
        var labels = tensor(new long[] { 1 });
        var input = new LossInput(logits, labels, tensor(new[] { 0.0, 1.0 }, [1, 2], ScalarType.Float64), null, new TrainingProgress(0, 1, 0, 1));
        Assert.Equal(expected, loss.Compute(input).item<double>(), 12);
    }

    [Fact]
    public void Refuses_a_smoothing_of_one_with_the_hosts_message()
    {
        var message = PluginOptions.ErrorOf<LossBenchPlugin1Options>("smoothing: 1", "plugin-kebab-name");
        Assert.StartsWith("options.yaml:1:12: plugin-kebab-name.smoothing:", message);
    }
}
