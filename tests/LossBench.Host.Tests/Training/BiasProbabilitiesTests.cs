using LossBench.Host.Training;
using LossBench.Sdk.Datasets;
using LossBench.Torch;

namespace LossBench.Host.Tests.Training;

public sealed class BiasProbabilitiesTests
{
    [Fact]
    public void KnownBiasIsTheLabelFrequencyGivenTheAttribute()
    {
        // Attribute 0 on labels (0, 0, 1) -> b = (2/3, 1/3, 0); attribute 1 on labels (2, 2) -> b = (0, 0, 1);
        // attribute 2 on label (1) -> b = (0, 1, 0).
        using var scope = torch.NewDisposeScope();
        using var train = new TensorDataset(torch.zeros([6, 1, 2, 2]), torch.tensor(new long[] { 0, 0, 1, 2, 2, 1 }), torch.tensor(new long[] { 0, 0, 0, 1, 1, 2 }));
        using var bias = BiasProbabilities.Known(train, classes: 3);
        var rows = bias.For(torch.zeros([3, 1, 2, 2]), torch.tensor(new long[] { 2, 3, 5 }));
        var expected = new[] { 2 / 3.0, 1 / 3.0, 0, 0, 0, 1, 0, 1, 0 };
        var actual = rows.to(ScalarType.Float64).ToArray<double>();
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 6);
    }

    [Fact]
    public void KnownBiasNeedsADataSetWithABiasAttribute()
    {
        using var scope = torch.NewDisposeScope();
        using var train = new TensorDataset(torch.zeros([2, 1, 2, 2]), torch.tensor(new long[] { 0, 1 }));
        var error = Assert.Throws<InvalidOperationException>(() => BiasProbabilities.Known(train, 2));
        Assert.Contains("needs a data set that declares a bias attribute, and this one declares none", error.Message);
    }
}
