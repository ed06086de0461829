using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Datasets;

/// <summary>Where the CIFAR-100 binary files of <see cref="Cifar100Dataset"/> are, which label to use, and how many images.</summary>
public sealed record Cifar100Options
{
    [Description("folder holding train.bin and test.bin (and fine_label_names.txt, coarse_label_names.txt); relative to the benchmark file's folder (default: the data home's cifar100 folder)")]
    public string? Dir { get; init; }

    [Description("the class: fine (100 classes) or coarse (20 superclasses)")]
    public CifarLabels Labels { get; init; } = CifarLabels.Fine;

    [Description("use only the first this many training images (default: all 50000)")]
    [Range(1, int.MaxValue)]
    public int? Train { get; init; }

    [Description("use only the first this many test images (default: all 10000)")]
    [Range(1, int.MaxValue)]
    public int? Test { get; init; }
}
