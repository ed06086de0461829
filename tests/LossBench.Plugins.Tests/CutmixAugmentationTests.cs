using LossBench.Plugins.Augmentations;
using LossBench.Sdk.Augmentations;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>cutmix: pasted boxes, and targets weighted by the fraction of pixels actually pasted.</summary>
public sealed class CutmixAugmentationTests
{
    [Theory]
    [InlineData(0.5, 7)]
    [InlineData(2.0, 8)]
    [InlineData(0.2, 9)]
    public void The_partner_weight_is_the_fraction_of_pixels_that_come_from_the_partner(double alpha, ulong seed)
    {
        using var scope = torch.NewDisposeScope();
        const int n = 20, classes = 20, h = 9, w = 11;
        // Image i is filled with (i + 1) / (n + 1): every pixel names the image it came from.
        var fill = torch.arange(1, n + 1, dtype: ScalarType.Float32) / (n + 1);
        var images = fill.view(n, 1, 1, 1).expand(n, 2, h, w).contiguous();
        var batch = AugmentationBatches.WithLabels(images, classes);
        using var generator = new Generator(seed);
        var mixed = new CutmixAugmentation(new CutmixOptions { Alpha = alpha }).Apply(batch, generator);
        var pixels = AugmentationBatches.Pixels(mixed.Images);
        var targets = Expect.Values(mixed.TargetProbs);
        int? boxArea = null;
        for (var i = 0; i < n; i++)
        {
            var sources = pixels[i].SelectMany(c => c.SelectMany(r => r)).Select(v => (int)Math.Round(v * (n + 1)) - 1).ToArray();
            Assert.Equal(sources.Take(h * w), sources.Skip(h * w)); // both channels pasted alike
            var partners = sources.Where(s => s != i).Distinct().ToArray();
            Assert.True(partners.Length <= 1, $"image {i} has pixels from {partners.Length} other images");
            var row = targets.Skip(i * classes).Take(classes).ToArray();
            Expect.Close(1.0, row.Sum(), atol: 1e-6, what: $"image {i}: target sum");
            if (partners.Length == 0)
            {
                // Nothing pasted from another image (an empty box, or the partner is the image itself): a one-hot target.
                Expect.Close(1.0, row[i], atol: 1e-6, what: $"image {i}: own weight");
                continue;
            }
            var partner = partners[0];
            var pastedFraction = sources.Take(h * w).Count(s => s == partner) / (double)(h * w);
            Expect.Close(pastedFraction, row[partner], atol: 1e-6, what: $"image {i}: weight of partner {partner}");
            Expect.Close(1 - pastedFraction, row[i], atol: 1e-6, what: $"image {i}: own weight");
            // The pasted pixels form a rectangle; unclipped ones all have the batch's box size.
            var cells = Enumerable.Range(0, h * w).Where(k => sources[k] == partner).Select(k => (Row: k / w, Column: k % w)).ToArray();
            var (height, width) = (cells.Max(c => c.Row) - cells.Min(c => c.Row) + 1, cells.Max(c => c.Column) - cells.Min(c => c.Column) + 1);
            Assert.Equal(height * width, cells.Length);
            var touchesBorder = cells.Any(c => c.Row == 0 || c.Row == h - 1 || c.Column == 0 || c.Column == w - 1);
            if (!touchesBorder)
            {
                boxArea ??= cells.Length;
                Assert.Equal(boxArea, cells.Length);
            }
        }
        Assert.True(mixed.TargetProbs.sum(1).allclose(torch.ones([n]), 0, 1e-6));
        Assert.Same(batch.Labels, mixed.Labels);
    }

    [Fact]
    public void The_box_has_sides_floor_of_side_times_root_one_minus_lambda()
    {
        Assert.Equal((5L, 5L), CutmixAugmentation.BoxSize(0.75, 10, 10));       // sqrt(0.25) = 0.5
        Assert.Equal((19L, 25L), CutmixAugmentation.BoxSize(0.19, 22, 28));     // sqrt(0.81) = 0.9: 19.8, 25.2
        Assert.Equal((0L, 0L), CutmixAugmentation.BoxSize(1.0, 32, 32));
        Assert.Equal((32L, 32L), CutmixAugmentation.BoxSize(0.0, 32, 32));
    }

    [Fact]
    public void Mixes_targets_so_hard_label_losses_are_refused_with_it()
    {
        Assert.True(CutmixAugmentation.TraitsOf(new CutmixOptions()).MixesTargets);
        Assert.Equal(1.0, new CutmixOptions().Alpha);
    }

    [Fact]
    public void On_average_the_pasted_fraction_is_about_one_minus_the_beta_mean()
    {
        // alpha 1: lambda is uniform, E[1 - lambda] = 1/2; the floors and the clipping at the border
        // only shrink the box, so the mean pasted fraction lies below 1/2 but well above 1/5 on 32 x 32
        // (a box clipped by its centre at worst keeps a quarter of its area).
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(30);
        var cutmix = new CutmixAugmentation(new CutmixOptions { Alpha = 1 });
        var fractions = new List<double>();
        for (var b = 0; b < 200; b++)
        {
            using var inner = torch.NewDisposeScope();
            var batch = AugmentationBatches.WithLabels(torch.zeros([4, 1, 32, 32]), 4);
            var mixed = cutmix.Apply(batch, generator);
            fractions.AddRange(Expect.Values(mixed.TargetProbs).Chunk(4).Select((row, i) => 1 - row[i]));
        }
        var mean = fractions.Average();
        Assert.InRange(mean, 0.2, 0.5);
    }
}
