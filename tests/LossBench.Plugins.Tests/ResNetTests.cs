using LossBench.Plugins.Models;
using LossBench.Sdk.Models;
using LossBench.Sdk.Options;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>
/// resnet: output shapes, and parameter counts against the published sizes of the CIFAR ResNets
/// (ResNet-18: 11,173,962 and ResNet-34: 21,282,122 parameters with 10 classes, the figures every
/// CIFAR implementation of He et al.'s basic-block networks reports) and a closed form for other widths.
/// </summary>
[Collection(GlobalGeneratorCollection.Name)]
public sealed class ResNetTests
{
    private static readonly ModelShape Cifar = new(3, 32, 32, 10);

    /// <summary>
    /// Stem 9 C w + 2 w; a block from a to b channels: 9 a b + 2 b + 9 b^2 + 2 b, plus a b + 2 b for a
    /// projection shortcut when a != b; classifier 8 w K + K.
    /// </summary>
    private static long ClosedFormCount(int[] blocks, long w, long channels, long classes)
    {
        var total = 9 * channels * w + 2 * w;
        var a = w;
        for (var stage = 0; stage < 4; stage++)
        {
            var b = w << stage;
            for (var block = 0; block < blocks[stage]; block++)
            {
                total += 9 * a * b + 2 * b + 9 * b * b + 2 * b;
                if (a != b || (block == 0 && stage > 0)) total += a * b + 2 * b;
                a = b;
            }
        }
        return total + a * classes + classes;
    }

    [Fact]
    public void ResNet_18_and_34_have_the_published_parameter_counts()
    {
        using (var model = new ResNetModel(new ResNetOptions()).Create(Cifar))
            Assert.Equal(11_173_962, model.parameter_count());
        using (var model = new ResNetModel(new ResNetOptions { Depth = 34 }).Create(Cifar))
            Assert.Equal(21_282_122, model.parameter_count());
    }

    [Fact]
    public void A_narrow_resnet_on_digits_has_the_closed_form_count_and_maps_images_to_logits()
    {
        var mnist = new ModelShape(1, 28, 28, 10);
        using var model = new ResNetModel(new ResNetOptions { Width = 16 }).Create(mnist);
        Assert.Equal(ClosedFormCount([2, 2, 2, 2], 16, 1, 10), model.parameter_count());
        using var scope = torch.NewDisposeScope();
        Assert.Equal([3L, 10], model.forward(torch.rand([3, 1, 28, 28])).shape);
    }

    [Fact]
    public void Options_bind_with_defaults_and_refuse_an_unknown_depth()
    {
        Assert.Equal(new ResNetOptions { Depth = 18, Width = 64 }, OptionsBinder.Bind<ResNetOptions>(null, "models[0].resnet"));
        Expect.BindingFails<ResNetOptions>(ConfigMapping.Of(("depth", 50)), "models[0].resnet", "models[0].resnet.depth", "18 or 34");
    }

    [Fact]
    public void Images_smaller_than_8x8_are_refused_at_creation()
    {
        var error = Assert.Throws<ArgumentException>(() => new ResNetModel(new ResNetOptions()).Create(new ModelShape(3, 4, 4, 10)));
        Assert.Contains("at least 8x8", error.Message);
    }
}
