using LossBench.Plugins.Models;
using LossBench.Sdk.Models;
using LossBench.Sdk.Options;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>
/// mlp and cnn-small: output shapes, layer shapes and parameter counts worked out by hand. Models
/// initialise their layers from the global generator, so these tests run in its collection.
/// </summary>
[Collection(GlobalGeneratorCollection.Name)]
public sealed class ModelTests
{
    private static readonly ModelShape Mnist = new(Channels: 1, Height: 28, Width: 28, Classes: 10);

    private static long[] OutputShape(Module<Tensor, Tensor> model, ModelShape shape, long batch)
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.rand([batch, shape.Channels, shape.Height, shape.Width]);
        return model.forward(input).shape;
    }

    private static Dictionary<string, long[]> ParameterShapes(Module model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);

    [Fact]
    public void Mlp_784_256_256_10_has_269322_parameters_and_maps_images_to_logits()
    {
        using var model = new MlpModel(new MlpOptions()).Create(Mnist);
        // 784*256 + 256 + 256*256 + 256 + 256*10 + 10 = 200,704 + 256 + 65,536 + 256 + 2,560 + 10.
        Assert.Equal(269_322, model.parameter_count());
        Assert.Equal([4L, 10], OutputShape(model, Mnist, 4));
        // Sequential children: 0 flatten, 1 linear, 2 relu, 3 linear, 4 relu, 5 linear.
        var shapes = ParameterShapes(model);
        Assert.Equal(["1.weight", "1.bias", "3.weight", "3.bias", "5.weight", "5.bias"], shapes.Keys);
        Assert.Equal([256L, 784], shapes["1.weight"]);
        Assert.Equal([256L, 256], shapes["3.weight"]);
        Assert.Equal([10L, 256], shapes["5.weight"]);
    }

    [Fact]
    public void Mlp_hidden_widths_come_from_the_options_and_an_empty_list_is_a_linear_classifier()
    {
        var rgb = new ModelShape(3, 8, 8, 5);
        using (var model = new MlpModel(new MlpOptions { Hidden = [32] }).Create(rgb))
        {
            // 192*32 + 32 + 32*5 + 5 = 6,144 + 32 + 160 + 5.
            Assert.Equal(6_341, model.parameter_count());
            Assert.Equal([2L, 5], OutputShape(model, rgb, 2));
        }
        using (var linear = new MlpModel(new MlpOptions { Hidden = [] }).Create(Mnist))
        {
            // 784*10 + 10.
            Assert.Equal(7_850, linear.parameter_count());
            Assert.Equal([3L, 10], OutputShape(linear, Mnist, 3));
        }
    }

    [Fact]
    public void Mlp_applies_relu_between_its_linear_layers()
    {
        // 1x1x2 images, one hidden layer of 2, 2 classes, weights set by hand:
        // h = relu([[1, -1], [-1, 1]] x) and z = [[1, 0], [0, 2]] h + [0.5, 0].
        // For x = (3, 1): pre-activation (2, -2), h = (2, 0), z = (2.5, 0).
        // Without the ReLU z would be (2.5, -4).
        var shape = new ModelShape(1, 1, 2, 2);
        using var model = new MlpModel(new MlpOptions { Hidden = [2] }).Create(shape);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (torch.no_grad())
        {
            using var w1 = torch.tensor([1f, -1f, -1f, 1f], [2, 2]);
            using var w2 = torch.tensor([1f, 0f, 0f, 2f], [2, 2]);
            using var b2 = torch.tensor([0.5f, 0f]);
            parameters["1.weight"].copy_(w1);
            parameters["1.bias"].zero_();
            parameters["3.weight"].copy_(w2);
            parameters["3.bias"].copy_(b2);
        }
        using var x = torch.tensor([3f, 1f], [1, 1, 1, 2]);
        using var z = model.forward(x);
        Assert.Equal([1L, 2], z.shape);
        Expect.Close([2.5, 0.0], Expect.Values(z));
    }

    [Fact]
    public void Cnn_small_on_mnist_has_50186_parameters_and_maps_images_to_logits()
    {
        using var model = new CnnSmallModel(new CnnSmallOptions()).Create(Mnist);
        // conv1 1*32*9 + 32 = 320; conv2 32*64*9 + 64 = 18,496; 28 -> 14 -> 7, so the classifier
        // sees 64*7*7 = 3,136 features: 3,136*10 + 10 = 31,370. Total 50,186.
        Assert.Equal(50_186, model.parameter_count());
        Assert.Equal([4L, 10], OutputShape(model, Mnist, 4));
        // Children: 0 conv, 1 relu, 2 pool, 3 conv, 4 relu, 5 pool, 6 flatten, 7 linear.
        var shapes = ParameterShapes(model);
        Assert.Equal(["0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias"], shapes.Keys);
        Assert.Equal([32L, 1, 3, 3], shapes["0.weight"]);
        Assert.Equal([64L, 32, 3, 3], shapes["3.weight"]);
        Assert.Equal([10L, 3136], shapes["7.weight"]);
    }

    [Fact]
    public void Cnn_small_floors_odd_sizes_as_max_pooling_does_and_takes_its_widths_from_the_options()
    {
        // 3x30x22 images, widths 8 and 16, 5 classes: 30 -> 15 -> 7 and 22 -> 11 -> 5, so the
        // classifier sees 16*7*5 = 560 features.
        // conv1 3*8*9 + 8 = 224; conv2 8*16*9 + 16 = 1,168; linear 560*5 + 5 = 2,805. Total 4,197.
        var shape = new ModelShape(3, 30, 22, 5);
        using var model = new CnnSmallModel(new CnnSmallOptions { Width1 = 8, Width2 = 16 }).Create(shape);
        Assert.Equal(4_197, model.parameter_count());
        Assert.Equal([5L, 560], ParameterShapes(model)["7.weight"]);
        Assert.Equal([2L, 5], OutputShape(model, shape, 2));
    }

    [Fact]
    public void Cnn_small_refuses_images_smaller_than_4x4()
    {
        var error = Assert.Throws<ArgumentException>(() => new CnnSmallModel(new CnnSmallOptions()).Create(new ModelShape(1, 3, 28, 10)));
        Assert.Contains("4x4", error.Message, StringComparison.Ordinal);
        Assert.Contains("3x28", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_global_seed_gives_the_same_weights_and_another_seed_other_weights()
    {
        // The host seeds the global generator per (seed, data set, model) before Create, so that
        // every loss of a row starts from the same weights.
        IModel[] models = [new MlpModel(new MlpOptions()), new CnnSmallModel(new CnnSmallOptions())];
        foreach (var plugin in models)
        {
            torch.manual_seed(3);
            using var first = plugin.Create(Mnist);
            torch.manual_seed(3);
            using var again = plugin.Create(Mnist);
            torch.manual_seed(4);
            using var other = plugin.Create(Mnist);
            var a = first.state_dict();
            var b = again.state_dict();
            var c = other.state_dict();
            Assert.All(a.Keys, name => Assert.True(a[name].equal(b[name]), $"{name} differs for the same seed"));
            Assert.Contains(a.Keys, name => !a[name].equal(c[name]));
        }
    }

    [Fact]
    public void Mlp_options_bind_a_list_of_widths_and_reject_wrong_types_and_empty_layers()
    {
        var bound = OptionsBinder.Bind<MlpOptions>(ConfigMapping.Of(("hidden", new[] { 128, 64, 32 })), "models[0].mlp");
        Assert.Equal([128, 64, 32], bound.Hidden);
        Assert.Equal([256, 256], OptionsBinder.Bind<MlpOptions>(null, "models[0].mlp").Hidden);

        Expect.BindingFails<MlpOptions>(ConfigMapping.Of(("hidden", "wide")), "models[0].mlp",
            "models[0].mlp.hidden", "expected list of integer", "'wide'");
        Expect.BindingFails<MlpOptions>(ConfigMapping.Of(("hidden", new object[] { 256, 1.5 })), "models[0].mlp",
            "models[0].mlp.hidden[1]", "expected integer", "'1.5'");
        Expect.BindingFails<MlpOptions>(ConfigMapping.Of(("hidden", new[] { 256, 0 })), "models[0].mlp",
            "models[0].mlp.hidden", "hidden[1] is 0");
    }

    [Fact]
    public void Cnn_small_options_bind_the_two_widths_and_reject_wrong_types_and_ranges()
    {
        var bound = OptionsBinder.Bind<CnnSmallOptions>(ConfigMapping.Of(("width1", 16), ("width2", 48)), "models[1].cnn-small");
        Assert.Equal(new CnnSmallOptions { Width1 = 16, Width2 = 48 }, bound);
        Assert.Equal(new CnnSmallOptions { Width1 = 32, Width2 = 64 }, OptionsBinder.Bind<CnnSmallOptions>(null, "m"));

        Expect.BindingFails<CnnSmallOptions>(ConfigMapping.Of(("width1", 2.5)), "models[1].cnn-small",
            "models[1].cnn-small.width1", "expected integer", "'2.5'");
        Expect.BindingFails<CnnSmallOptions>(ConfigMapping.Of(("width2", 0)), "models[1].cnn-small",
            "models[1].cnn-small.width2", "between 1 and 4096");
    }
}
