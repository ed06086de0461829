using LossBench.Plugins.Models;
using LossBench.Sdk.Models;
using LossBench.Sdk.Options;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>
/// wide-resnet: output shapes and parameter counts against the closed form of WRN-d-k (convolutions
/// without bias, batch norms with weight and bias, a linear classifier with bias).
/// </summary>
[Collection(GlobalGeneratorCollection.Name)]
public sealed class WideResNetTests
{
    /// <summary>
    /// Parameters of WRN-depth-k on C input channels and K classes, n = (depth - 4) / 6 blocks per group, widths
    /// w0 = 16, w1..w3 = 16k, 32k, 64k:
    /// stem 9 C w0; per group g, the first block 2 w(g-1) + 9 w(g-1) w(g) + 2 w(g) + 9 w(g)^2 + w(g-1) w(g) (1x1 shortcut),
    /// each other block 2 w(g) + 9 w(g)^2 + 2 w(g) + 9 w(g)^2; final batch norm 2 w3; classifier w3 K + K.
    /// </summary>
    private static long ClosedFormCount(int depth, int k, long channels, long classes)
    {
        long n = (depth - 4) / 6;
        long[] w = [16, 16L * k, 32L * k, 64L * k];
        var total = 9 * channels * w[0];
        for (var g = 1; g <= 3; g++)
        {
            total += 2 * w[g - 1] + 9 * w[g - 1] * w[g] + 2 * w[g] + 9 * w[g] * w[g] + w[g - 1] * w[g];
            total += (n - 1) * (4 * w[g] + 18 * w[g] * w[g]);
        }
        return total + 2 * w[3] + w[3] * classes + classes;
    }

    private static long[] OutputShape(Module<Tensor, Tensor> model, ModelShape shape, long batch)
    {
        using var scope = torch.NewDisposeScope();
        return model.forward(torch.rand([batch, shape.Channels, shape.Height, shape.Width])).shape;
    }

    [Fact]
    public void Wrn_16_1_maps_cifar_and_mnist_shaped_images_to_logits()
    {
        var cifar = new ModelShape(3, 32, 32, 10);
        var mnist = new ModelShape(1, 28, 28, 10);
        using (var model = new WideResNetModel(new WideResNetOptions { Depth = 16, WidenFactor = 1 }).Create(cifar))
            Assert.Equal([2L, 10], OutputShape(model, cifar, 2));
        using (var model = new WideResNetModel(new WideResNetOptions { Depth = 16, WidenFactor = 1 }).Create(mnist))
            Assert.Equal([3L, 10], OutputShape(model, mnist, 3));
    }

    [Fact]
    public void Wrn_16_1_has_the_closed_form_parameter_count()
    {
        using var model = new WideResNetModel(new WideResNetOptions()).Create(new ModelShape(3, 32, 32, 10));
        // With k = 1, group 1 keeps 16 channels and stride 1, so its first block has no 1x1 shortcut.
        Assert.Equal(ClosedFormCountWithoutIdentityShortcuts(16, 1, 3, 10), model.parameter_count());
        // WRN-16-1 by hand: 432 + group1 2*(32 + 2304 + 32 + 2304) = 9344 + group2 (32 + 4608 + 64 + 9216 + 512) + (128 + 18432)
        // = 14432 + 18560 + group3 (64 + 18432 + 128 + 36864 + 2048) + (256 + 73728) = 57536 + 73984 + bn 128 + fc 650 = 175066.
        Assert.Equal(175_066, model.parameter_count());
    }

    [Fact]
    public void Wrn_28_10_has_the_closed_form_parameter_count_of_about_36_5_million()
    {
        using var model = new WideResNetModel(new WideResNetOptions { Depth = 28, WidenFactor = 10 }).Create(new ModelShape(3, 32, 32, 10));
        Assert.Equal(ClosedFormCount(28, 10, 3, 10), model.parameter_count());
        Assert.Equal(36_479_194, model.parameter_count());
    }

    /// <summary>As <see cref="ClosedFormCount"/>, but a first block that keeps width and stride (only group 1 with k = 1) has no 1x1 shortcut.</summary>
    private static long ClosedFormCountWithoutIdentityShortcuts(int depth, int k, long channels, long classes) =>
        ClosedFormCount(depth, k, channels, classes) - (k == 1 ? 16L * 16 : 0);

    [Fact]
    public void Blocks_per_group_follow_the_depth()
    {
        foreach (var depth in new[] { 16, 22, 40 })
        {
            using var model = new WideResNetModel(new WideResNetOptions { Depth = depth }).Create(new ModelShape(3, 32, 32, 10));
            // Children: stem, 3n blocks, batch norm, relu, pool, flatten, linear.
            Assert.Equal(1 + 3 * (depth - 4) / 6 + 5, model.named_children().Count());
            Assert.Equal(ClosedFormCountWithoutIdentityShortcuts(depth, 1, 3, 10), model.parameter_count());
        }
    }

    [Fact]
    public void Dropout_acts_in_training_only()
    {
        using var scope = torch.NewDisposeScope();
        var shape = new ModelShape(3, 16, 16, 4);
        using var model = new WideResNetModel(new WideResNetOptions { Dropout = 0.5 }).Create(shape);
        var input = torch.rand([2, 3, 16, 16]);
        model.eval();
        Assert.Equal(model.forward(input).ToArray<float>(), model.forward(input).ToArray<float>());
        model.train();
        Assert.NotEqual(model.forward(input).ToArray<float>(), model.forward(input).ToArray<float>());
    }

    [Fact]
    public void Options_default_to_wrn_16_1_and_a_depth_that_is_not_6n_plus_4_is_refused()
    {
        Assert.Equal(new WideResNetOptions { Depth = 16, WidenFactor = 1, Dropout = 0 }, OptionsBinder.Bind<WideResNetOptions>(null, "models[0].wide-resnet"));
        Assert.Equal(new WideResNetOptions { Depth = 28, WidenFactor = 10, Dropout = 0.3 },
            OptionsBinder.Bind<WideResNetOptions>(ConfigMapping.Of(("depth", 28), ("widen-factor", 10), ("dropout", 0.3)), "models[0].wide-resnet"));
        Expect.BindingFails<WideResNetOptions>(ConfigMapping.Of(("depth", 18)), "models[0].wide-resnet", "models[0].wide-resnet.depth",
            "depth 18 is not 6n + 4", "16, 22, 28, 40");
    }
}
