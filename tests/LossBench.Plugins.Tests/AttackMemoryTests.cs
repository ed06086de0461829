using LossBench.Plugins.Attacks.Gradient;
using LossBench.Plugins.Attacks.Noise;
using LossBench.Plugins.Attacks.Saliency;
using LossBench.Sdk.Evaluations;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>
/// The attack evaluations keep every batch, step and restart in dispose scopes: evaluating in many
/// batches leaves no native tensor behind. Counted with torch.live_tensors, a process-wide number,
/// so this runs alone.
/// </summary>
[Collection(NativeHandlesCollection.Name)]
public sealed class AttackMemoryTests
{
    private static long SettledLiveTensors()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return torch.live_tensors;
    }

    [Fact]
    public void Evaluating_in_many_batches_leaves_no_tensor_behind()
    {
        using var model = AttackFixtures.Linear([[1, -1, 0.5, 0], [-1, 1, 0, 0.5]], [0, 0.1]);
        using var generator = new Generator(1);
        var pixels = Enumerable.Range(0, 40).Select(i => (float)((i * 7 % 11) / 11.0)).ToArray();
        using var splits = AttackFixtures.Splits(AttackFixtures.Split(pixels, [10, 1, 2, 2], [0, 1, 0, 1, 1, 0, 0, 1, 0, 1]));
        IEvaluation[] evaluations =
        [
            new FgsmEvaluation(new FgsmOptions()),
            new PgdEvaluation(new PgdOptions { Steps = 3, Restarts = 2 }),
            new PgdEvaluation(new PgdOptions { Norm = Attacks.LpNorm.L2, Steps = 3 }),
            new NoiseEvaluation(new NoiseOptions()),
            new SaliencyPixelsEvaluation(new SaliencyPixelsOptions()),
            new SaliencyPixelsEvaluation(new SaliencyPixelsOptions { Fill = PixelFill.Uniform }),
        ];

        var before = SettledLiveTensors();
        foreach (var evaluation in evaluations)
            for (var run = 0; run < 2; run++)
                evaluation.Evaluate(AttackFixtures.Context(model, splits, generator, batchSize: 3));
        // Counted without collecting garbage: a tensor left to the finalizer would still be alive here.
        Assert.Equal(before, torch.live_tensors);
    }
}
