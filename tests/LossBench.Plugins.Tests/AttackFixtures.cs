using LossBench.Plugins.Datasets;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Evaluations;
using LossBench.Torch;
using LossBench.Torch.Modules;

namespace LossBench.Plugins.Tests;

/// <summary>
/// Models and data for the attack tests: linear classifiers with hand-set weights (closed-form
/// gradients), models written as formulas of the input, and a small MLP trained on mnist-10k.
/// </summary>
internal static class AttackFixtures
{
    /// <summary>
    /// Flatten, then Linear(C*H*W, classes) with the given weight rows (one per class, over the
    /// flattened image) and biases. Initialised from a local generator first, so the global
    /// generator is never drawn from, then overwritten.
    /// </summary>
    public static Sequential Linear(double[][] weights, double[] biases)
    {
        using var init = new Generator(0);
        var features = weights[0].Length;
        var linear = torch.nn.Linear(features, weights.Length, generator: init);
        using (torch.no_grad())
        {
            using var w = torch.tensor(weights.SelectMany(r => r).Select(v => (float)v).ToArray(), [weights.Length, features]);
            using var b = torch.tensor(biases.Select(v => (float)v).ToArray(), [biases.Length]);
            linear.weight.copy_(w);
            linear.bias!.copy_(b);
        }
        return new Sequential(torch.nn.Flatten(), linear);
    }

    /// <summary>A split of float images [N, C, H, W] and labels.</summary>
    public static TensorDataset Split(float[] pixels, long[] shape, long[] labels) =>
        new(torch.tensor(pixels, shape).DetachFromDisposeScope(), torch.tensor(labels).DetachFromDisposeScope());

    /// <summary>Splits whose test split is <paramref name="test"/> (train: one copy of its first example).</summary>
    public static DataSplits Splits(TensorDataset test) =>
        new(new TensorDataset(test.Images.narrow(0, 0, 1).clone().DetachFromDisposeScope(), test.Labels.narrow(0, 0, 1).clone().DetachFromDisposeScope()), test);

    public static EvaluationContext Context(Module<Tensor, Tensor> model, DataSplits splits, Generator generator, int batchSize = 256, int? maxExamples = null) =>
        new(model, splits, Device.CPU, generator, new EvaluationBudget(maxExamples, batchSize));

    /// <summary>
    /// A 784-64-10 MLP trained for <paramref name="steps"/> SGD steps (batch 64) on 2,000
    /// mnist-10k training images; with the 500 test images. About 90% test accuracy after 300
    /// steps, in well under a second on one thread. The weights come from a local generator.
    /// </summary>
    public static (Sequential Model, DataSplits Data) TrainedMlp(int steps = 300)
    {
        var data = new Mnist10kDataset(new Mnist10kOptions { Train = 2000, Test = 500 }).Load(new DataContext(0, "."));
        using var init = new Generator(7);
        var model = new Sequential(torch.nn.Flatten(),
            torch.nn.Linear(784, 64, generator: init), torch.nn.ReLU(), torch.nn.Linear(64, 10, generator: init));
        using var optimizer = torch.optim.SGD(model.parameters(), 0.1, momentum: 0.9);
        var count = data.Train.Count;
        for (var step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            var start = step * 64 % (count - 64);
            var loss = torch.nn.functional.cross_entropy(model.forward(data.Train.Images.narrow(0, start, 64)), data.Train.Labels.narrow(0, start, 64));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        model.eval();
        return (model, data);
    }
}
