using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Datasets;

/// <summary>
/// Where the IDX files of <see cref="IdxDataset"/> are and what they hold. The file names default to
/// MNIST's (Fashion-MNIST and KMNIST use the same); each may be present as named or gzip-compressed
/// with <c>.gz</c> appended, as the publishers distribute them.
/// </summary>
public sealed record IdxOptions : IValidatableObject
{
    [Description("folder of the four files; relative to the benchmark file's folder (default: the data home's mnist folder, $LOSSBENCH_DATA/mnist or ~/.local/share/lossbench/data/mnist)")]
    public string? Dir { get; init; }

    [Description("training images (IDX3 N x H x W), as named or with .gz appended")]
    public string TrainImages { get; init; } = "train-images-idx3-ubyte";

    [Description("training labels (IDX1 N), as named or with .gz appended")]
    public string TrainLabels { get; init; } = "train-labels-idx1-ubyte";

    [Description("test images (IDX3 N x H x W), as named or with .gz appended")]
    public string TestImages { get; init; } = "t10k-images-idx3-ubyte";

    [Description("test labels (IDX1 N), as named or with .gz appended")]
    public string TestLabels { get; init; } = "t10k-labels-idx1-ubyte";

    [Description("use only the first this many training images (default: all)")]
    [Range(1, int.MaxValue)]
    public int? Train { get; init; }

    [Description("use only the first this many test images (default: all)")]
    [Range(1, int.MaxValue)]
    public int? Test { get; init; }

    [Description("number of classes; every label must be below it (default: the number of class-names, else 10)")]
    [Range(2, 256)]
    public int? Classes { get; init; }

    [Description("class names in label order (default: 0, 1, 2, ...)")]
    public string[]? ClassNames { get; init; }

    [Description("image height the files must have (known before loading, for the model)")]
    [Range(1, 4096)]
    public int Height { get; init; } = 28;

    [Description("image width the files must have (known before loading, for the model)")]
    [Range(1, 4096)]
    public int Width { get; init; } = 28;

    /// <summary>The number of classes in effect.</summary>
    internal int ClassCount => Classes ?? ClassNames?.Length ?? 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ClassNames is { } names)
        {
            if (Classes is { } classes && classes != names.Length)
                yield return new ValidationResult(
                    $"classes ({classes}) disagrees with the {names.Length} class-names; give one of them, or as many names as classes",
                    [nameof(ClassNames)]);
            if (names.Length is < 2 or > 256)
                yield return new ValidationResult($"class-names has {names.Length} names; an IDX data set has 2 to 256 classes", [nameof(ClassNames)]);
        }
    }
}
