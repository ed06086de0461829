using LossBench.Sdk.Augmentations;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>
/// Every augmentation keeps its temporaries in dispose scopes: once the training step's scope is
/// gone, no native tensor is left behind however many batches were augmented. Counted with
/// torch.live_tensors, a process-wide number, so this runs alone.
/// </summary>
[Collection(NativeHandlesCollection.Name)]
public sealed class AugmentationMemoryTests
{
    [Theory]
    [MemberData(nameof(AugmentationDeterminismTests.Augmentations), MemberType = typeof(AugmentationDeterminismTests))]
    public void Augmenting_many_batches_leaves_no_tensor_behind(string entry)
    {
        var augmentation = new TestPluginFactory().Create<IAugmentation>(entry);
        using var generator = new Generator(70);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = torch.live_tensors;
        for (var step = 0; step < 10; step++)
        {
            using var scope = torch.NewDisposeScope();
            var batch = AugmentationBatches.Distinct(8, 3, 10, 10);
            augmentation.Apply(batch, generator);
        }
        // Counted without collecting garbage: a tensor left to the finalizer would still be alive here.
        Assert.Equal(before, torch.live_tensors);
    }
}
