using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Plugins.Augmentations;

/// <summary>
/// The standard CIFAR recipe: a random crop of the zero-padded image (see <see cref="CropAugmentation"/>)
/// followed by a random horizontal flip (see <see cref="FlipAugmentation"/>). It draws exactly what
/// <c>chain: { of: [crop, flip] }</c> draws, in the same order, and so gives the same images.
/// </summary>
[Plugin("flip-crop", Summary = "Random crop after zero padding (4), then horizontal flip with probability p (0.5): the CIFAR recipe")]
public sealed class FlipCropAugmentation(FlipCropOptions options) : IAugmentation
{
    public Batch Apply(Batch batch, Generator generator)
    {
        using var scope = NewDisposeScope();
        var cropped = options.Padding == 0 ? batch.Images : CropAugmentation.Crop(batch.Images, options.Padding, generator);
        var images = FlipAugmentation.Flip(cropped, options.P, generator);
        return AugmentationScope.Keep(scope, batch with { Images = images });
    }
}
