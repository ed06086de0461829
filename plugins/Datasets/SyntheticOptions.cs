using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Datasets;

/// <summary>Options of <see cref="SyntheticDataset"/>.</summary>
public sealed record SyntheticOptions : IValidatableObject
{
    [Description("number of classes, one shape each, in the order disk, ring, square, frame, triangle, plus, cross, horizontal-bars, vertical-bars, diamond")]
    [Range(2, SyntheticShapes.Count)]
    public int Classes { get; init; } = 10;

    [Description("side of the square images in pixels")]
    [Range(8, 512)]
    public int Size { get; init; } = 28;

    [Description("1 (grey shapes) or 3 (shapes of a random colour per image)")]
    [Range(1, 3)]
    public int Channels { get; init; } = 1;

    [Description("standard deviation of the Gaussian pixel noise added before clipping to [0, 1]")]
    [Range(0.0, 1.0)]
    public double Noise { get; init; } = 0.05;

    [Description("number of training images (the classes balanced: their counts differ by at most one)")]
    [Range(1, 10_000_000)]
    public int Train { get; init; } = 2000;

    [Description("number of test images (balanced like train)")]
    [Range(1, 10_000_000)]
    public int Test { get; init; } = 500;

    [Description("seed of the generated images (the same for every benchmark seed, so all cells see the same data)")]
    public ulong Seed { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Channels == 2)
            yield return new ValidationResult("channels must be 1 (grey) or 3 (colour), not 2", [nameof(Channels)]);
    }
}
