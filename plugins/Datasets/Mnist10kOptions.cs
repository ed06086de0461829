using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Datasets;

/// <summary>How many of the embedded digits go to each split, and which ones.</summary>
public sealed record Mnist10kOptions : IValidatableObject
{
    [Description("number of training images")]
    [Range(1, Mnist10kDataset.ImageCount)]
    public int Train { get; init; } = 8000;

    [Description("number of test images, disjoint from the training images")]
    [Range(1, Mnist10kDataset.ImageCount)]
    public int Test { get; init; } = 2000;

    [Description("seed of the permutation that assigns images to the splits (the same for every benchmark seed, so all cells share one test set)")]
    public ulong SplitSeed { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The splits are disjoint slices of one permutation, so together they cannot exceed the file.
        // No member name: the problem is the pair, so the error points at the whole mapping.
        if ((long)Train + Test > Mnist10kDataset.ImageCount)
            yield return new ValidationResult(
                $"train ({Train}) + test ({Test}) = {(long)Train + Test} is more than the {Mnist10kDataset.ImageCount} images of mnist-10k; lower train or test");
    }
}
