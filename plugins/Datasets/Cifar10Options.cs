using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LossBench.Plugins.Datasets;

/// <summary>Where the CIFAR-10 binary batches of <see cref="Cifar10Dataset"/> are, and how many images to use.</summary>
public sealed record Cifar10Options
{
    [Description("folder holding data_batch_1.bin .. data_batch_5.bin and test_batch.bin (and batches.meta.txt); relative to the benchmark file's folder (default: the data home's cifar10 folder)")]
    public string? Dir { get; init; }

    [Description("use only the first this many training images, in batch order (default: all 50000)")]
    [Range(1, int.MaxValue)]
    public int? Train { get; init; }

    [Description("use only the first this many test images (default: all 10000)")]
    [Range(1, int.MaxValue)]
    public int? Test { get; init; }
}
