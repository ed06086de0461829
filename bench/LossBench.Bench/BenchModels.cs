using LossBench.Torch;
using LossBench.Torch.Modules;
using static LossBench.Torch.torch;

namespace LossBench.Bench;

/// <summary>
/// The two benchmark networks, layer for layer as in ../peer_pytorch.py, with PyTorch's default
/// initialisation drawn from the global generator in the same order (so that, seeded alike, both
/// peers start from the same weights).
/// </summary>
internal static class BenchModels
{
    public static readonly string[] Names = ["mlp", "cnn-small"];

    public static int DefaultBatch(string model) => model == "mlp" ? 64 : 128;

    public static Sequential Create(string model) => model switch
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
