using LossBench.Sdk.Models;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Testing;

public static partial class PluginAssert
{
    /// <summary>The model contract on the plugin built from <paramref name="optionsYaml"/>, after <see cref="Valid{TPlugin}"/>.</summary>
    /// <param name="shape">The data set shape to build for; default: MNIST's (1 channel, 28x28, 10 classes).</param>
    public static void Model<TModel>(string? optionsYaml = null, ModelShape? shape = null) where TModel : class, IModel
    {
        var model = Build<TModel>(optionsYaml, out _);
        try
        {
            Model(model, shape, NameOf(typeof(TModel)));
        }
        finally
        {
            (model as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// A model's contract: it maps float32 [N,C,H,W] to finite logits [N,classes], every parameter gets
    /// a gradient, and it is initialised from the global generator (the host seeds it per cell), so
    /// the same seed gives the same weights and another seed other weights.
    /// </summary>
    public static void Model(IModel model, ModelShape? shape = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        shape ??= new ModelShape(1, 28, 28, 10);
        name ??= NameOf(model.GetType());
        using var scope = NewDisposeScope();
        using var first = Create(model, shape, seed: 0, name);
        using var same = Create(model, shape, seed: 0, name);
        using var other = Create(model, shape, seed: 1, name);
        using var generator = new Generator(0);
        var images = rand([4, shape.Channels, shape.Height, shape.Width], generator);
        first.train();
        Tensor logits;
        try
        {
            logits = first.forward(images);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Fail(name, "forward", $"a batch [4, {shape.Channels}, {shape.Height}, {shape.Width}] threw {e.GetType().Name}: {e.Message}");
        }
        if (!logits.shape.SequenceEqual(new long[] { 4, shape.Classes }))
            throw Fail(name, "forward", $"logits of a batch of 4 are [{string.Join(", ", logits.shape)}], expected [4, {shape.Classes}]");
        if (!logits.isfinite().all().item<bool>()) throw Fail(name, "forward", "the logits are not finite");
        var parameters = first.named_parameters().ToArray();
        if (parameters.Length == 0) throw Fail(name, "parameters", "the model has no parameters to train");
        var gradients = autograd.grad([logits.sum()], parameters.Select(p => p.parameter).ToArray(), allow_unused: true);
        for (var i = 0; i < parameters.Length; i++)
            if (gradients[i] is null) throw Fail(name, "gradient", $"the parameter {parameters[i].name} gets no gradient from the logits");
        if (!SameWeights(first, same)) throw Fail(name, "initialisation", "two models built after manual_seed(0) differ: initialise from the global generator (the host seeds it)");
        if (SameWeights(first, other)) throw Fail(name, "initialisation", "models built after manual_seed(0) and manual_seed(1) are identical: initialise the weights at random");
    }

    private static Module<Tensor, Tensor> Create(IModel model, ModelShape shape, ulong seed, string name)
    {
        manual_seed(seed);
        try
        {
            return model.Create(shape);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Fail(name, "Create", $"threw {e.GetType().Name}: {e.Message}");
        }
    }

    private static bool SameWeights(Module<Tensor, Tensor> a, Module<Tensor, Tensor> b)
    {
        var left = a.state_dict();
        var right = b.state_dict();
        return left.Count == right.Count && left.All(entry => right.TryGetValue(entry.Key, out var other) && entry.Value.equal(other));
    }
}
