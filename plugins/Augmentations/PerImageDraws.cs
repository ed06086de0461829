using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Plugins.Augmentations;

/// <summary>
/// Per-image random parameters, drawn as tensors from the augmentation's generator (on the
/// generator's device, which is what libtorch samples on) and moved to the batch's device. The
/// number of draws never depends on the values drawn, so a run reproduces to the bit.
/// </summary>
internal static class PerImageDraws
{
    /// <summary>Uniform samples in [0, 1), float32.</summary>
    public static Tensor Uniform(Generator generator, long[] shape, Device device) =>
        rand(shape, generator, device: generator.Device).to(device);

    /// <summary>Integers uniform in [low, high), int64.</summary>
    public static Tensor Integers(Generator generator, long low, long high, long[] shape, Device device) =>
        randint(low, high, shape, generator, device: generator.Device).to(device);

    /// <summary>true with probability p, independently per element.</summary>
    public static Tensor Coin(Generator generator, double p, long[] shape, Device device) =>
        Uniform(generator, shape, device).lt(p);

    /// <summary>A random permutation of 0..n-1 (the partners of mixing augmentations).</summary>
    public static Tensor Permutation(Generator generator, long n, Device device) =>
        randperm(n, generator, device: generator.Device).to(device);

    /// <summary>
    /// One Beta(alpha, alpha) draw, reproducible from the generator: MathNet samples it from a seed
    /// drawn from the generator (libtorch has no Beta sampler that takes a generator).
    /// </summary>
    public static double Beta(Generator generator, double alpha)
    {
        using var seed = randint(0, int.MaxValue, [1], generator, device: generator.Device);
        return MathNet.Numerics.Distributions.Beta.Sample(new Random((int)seed.item<long>()), alpha, alpha);
    }
}
