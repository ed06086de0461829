using LossBench.Plugins.Models;
using LossBench.Sdk.Models;
using LossBench.Torch;
using LossBench.Torch.Modules;
using static LossBench.Torch.torch;

namespace LossBench.Bench;

/// <summary>
/// The benchmark networks, layer for layer as in ../peer_pytorch.py, with PyTorch's default
/// initialisation drawn from the global generator in the same order (so that, seeded alike, both
/// peers start from the same weights). mlp and cnn-small train on the MNIST digits; the larger
/// wrn-16-4 and resnet-18 are the built-in model plugins on CIFAR-shaped 3x32x32 inputs.
/// </summary>
internal static class BenchModels
{
    public static readonly string[] Names = ["mlp", "cnn-small", "wrn-16-4", "resnet-18"];

    /// <summary>The models that train on synthetic CIFAR-shaped data (3x32x32, 10 classes) instead of the digits.</summary>
    public static bool IsCifarShaped(string model) => model is "wrn-16-4" or "resnet-18";

    public static int DefaultBatch(string model) => model switch
    {
        "mlp" => 64,
        "cnn-small" => 128,
        _ => 64,
    };

    private static readonly ModelShape Cifar = new(3, 32, 32, 10);

    public static Module<Tensor, Tensor> Create(string model) => model switch
    {
        "wrn-16-4" => new WideResNetModel(new WideResNetOptions { Depth = 16, WidenFactor = 4 }).Create(Cifar),
        "resnet-18" => new ResNetModel(new ResNetOptions { Depth = 18 }).Create(Cifar),
        _ => CreateSmall(model),
    };

    private static Sequential CreateSmall(string model) => model switch
    {
        // 784-256-256-10 over flattened MNIST.
        "mlp" => nn.Sequential(
            nn.Flatten(),
            nn.Linear(784, 256), nn.ReLU(),
            nn.Linear(256, 256), nn.ReLU(),
            nn.Linear(256, 10)),
        // conv 32, conv 64 (3x3, padding 1) each + ReLU + 2x2 max-pool: 28 -> 14 -> 7; then 64*7*7 -> 10.
        "cnn-small" => nn.Sequential(
            nn.Conv2d(1, 32, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(64 * 7 * 7, 10)),
        _ => throw new ArgumentException($"unknown model '{model}'"),
    };
}
