using LossBench.Plugins.Augmentations;
using LossBench.Sdk.Augmentations;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>flip, crop and flip-crop against mirrors and windows built by hand.</summary>
public sealed class AugmentationGeometryTests
{
    private static double[][][] Mirror(double[][][] image) =>
        image.Select(channel => channel.Select(row => row.Reverse().ToArray()).ToArray()).ToArray();

    [Fact]
    public void Flip_with_p_one_mirrors_every_image_left_to_right()
    {
        using var scope = torch.NewDisposeScope();
        var batch = AugmentationBatches.Distinct(3, 2, 3, 4);
        using var generator = new Generator(1);
        var flipped = new FlipAugmentation(new FlipOptions { P = 1 }).Apply(batch, generator);
        var input = AugmentationBatches.Pixels(batch.Images);
        var output = AugmentationBatches.Pixels(flipped.Images);
        for (var i = 0; i < 3; i++)
            Assert.Equal(Mirror(input[i]), output[i]);
        // A hand-written 1x1x2x3 case: [[1 2 3] [4 5 6]] / 8 becomes [[3 2 1] [6 5 4]] / 8.
        var small = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [1, 1, 2, 3]) / 8;
        var mirrored = new FlipAugmentation(new FlipOptions { P = 1 }).Apply(AugmentationBatches.WithLabels(small, 2), generator);
        Assert.Equal(new[] { 3.0, 2, 1, 6, 5, 4 }.Select(v => v / 8).ToArray(), Expect.Values(mirrored.Images));
    }

    [Fact]
    public void Flip_mirrors_each_image_or_leaves_it_with_the_stated_probability()
    {
        using var scope = torch.NewDisposeScope();
        const int n = 2000;
        var batch = AugmentationBatches.Distinct(n, 1, 1, 2);
        using var generator = new Generator(2);
        var result = AugmentationBatches.Pixels(new FlipAugmentation(new FlipOptions { P = 0.3 }).Apply(batch, generator).Images);
        var input = AugmentationBatches.Pixels(batch.Images);
        var mirrored = 0;
        for (var i = 0; i < n; i++)
        {
            var isMirror = result[i][0][0].SequenceEqual(input[i][0][0].Reverse());
            Assert.True(isMirror || result[i][0][0].SequenceEqual(input[i][0][0]), $"image {i} is neither itself nor its mirror");
            if (isMirror) mirrored++;
        }
        // Binomial(2000, 0.3): standard deviation sqrt(2000 * 0.21) = 20.5; allow 4 of them.
        Assert.InRange(mirrored, 600 - 82, 600 + 82);
    }

    [Fact]
    public void Crop_with_padding_zero_is_the_identity()
    {
        using var scope = torch.NewDisposeScope();
        var batch = AugmentationBatches.Distinct(4, 3, 5, 6);
        using var generator = new Generator(3);
        var result = new CropAugmentation(new CropOptions { Padding = 0 }).Apply(batch, generator);
        Assert.Equal(Expect.Values(batch.Images), Expect.Values(result.Images));
    }

    /// <summary>The H x W window at (top, left) of the image zero-padded by p, built element by element.</summary>
    private static double[][] Window(double[][] channel, int padding, int top, int left)
    {
        var (h, w) = (channel.Length, channel[0].Length);
        return Enumerable.Range(0, h).Select(y => Enumerable.Range(0, w).Select(x =>
        {
            var (sy, sx) = (y + top - padding, x + left - padding);
            return sy >= 0 && sy < h && sx >= 0 && sx < w ? channel[sy][sx] : 0.0;
        }).ToArray()).ToArray();
    }

    [Fact]
    public void Every_crop_is_a_window_of_the_zero_padded_image_and_every_offset_occurs()
    {
        using var scope = torch.NewDisposeScope();
        const int padding = 2, n = 300;
        var batch = AugmentationBatches.Distinct(n, 2, 4, 5);
        using var generator = new Generator(4);
        var input = AugmentationBatches.Pixels(batch.Images);
        var output = AugmentationBatches.Pixels(new CropAugmentation(new CropOptions { Padding = padding }).Apply(batch, generator).Images);
        var seen = new HashSet<(int, int)>();
        for (var i = 0; i < n; i++)
        {
            // The offsets whose window matches in every channel: pixel values are distinct, so exactly one
            // matches unless the image was shifted out of view entirely (impossible for padding 2 < 4).
            var matches = (from top in Enumerable.Range(0, 2 * padding + 1)
                           from left in Enumerable.Range(0, 2 * padding + 1)
                           where Enumerable.Range(0, 2).All(c => Same(Window(input[i][c], padding, top, left), output[i][c]))
                           select (top, left)).ToArray();
            Assert.True(matches.Length == 1, $"image {i}: {matches.Length} windows of the padded image match the crop");
            seen.Add(matches[0]);
        }
        // 25 offsets, 300 images: every offset shows up (a missing one has probability < 25 (24/25)^300 = 1e-4).
        Assert.Equal(25, seen.Count);
    }

    private static bool Same(double[][] a, double[][] b) => a.Zip(b).All(rows => rows.First.SequenceEqual(rows.Second));

    [Fact]
    public void The_window_at_given_offsets_is_the_shifted_image_with_zeros_moving_in()
    {
        using var scope = torch.NewDisposeScope();
        // 1x1x3x3 image 1..9 / 10, padding 1: offset (0, 0) shifts the content down-right by one pixel,
        // offset (2, 1) shifts it up by one.
        var image = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, [1, 1, 3, 3]) / 10;
        var images = torch.cat([image, image], 0);
        var window = CropAugmentation.Window(images, 1, torch.tensor(new long[] { 0, 2 }), torch.tensor(new long[] { 0, 1 }));
        Assert.Equal(new[] { 0.0, 0, 0, 0, 1, 2, 0, 4, 5, 4, 5, 6, 7, 8, 9, 0, 0, 0 }.Select(v => v / 10).ToArray(),
            Expect.Values(window).Select(v => Math.Round(v, 6)).ToArray());
    }

    [Fact]
    public void Flip_crop_is_crop_then_flip_with_the_same_draws()
    {
        using var scope = torch.NewDisposeScope();
        var batch = AugmentationBatches.Distinct(32, 1, 6, 6);
        using var a = new Generator(5);
        using var b = new Generator(5);
        var together = new FlipCropAugmentation(new FlipCropOptions { Padding = 2, P = 0.5 }).Apply(batch, a);
        var cropped = new CropAugmentation(new CropOptions { Padding = 2 }).Apply(batch, b);
        var flipped = new FlipAugmentation(new FlipOptions { P = 0.5 }).Apply(cropped, b);
        Assert.True(together.Images.equal(flipped.Images));
        Assert.False(together.Images.equal(cropped.Images)); // some of the 32 were flipped
    }
}
