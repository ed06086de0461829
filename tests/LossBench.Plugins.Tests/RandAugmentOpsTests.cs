using LossBench.Plugins.Augmentations;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>The RandAugment operations on hand-made images, against hand-computed results.</summary>
public sealed class RandAugmentOpsTests
{
    private static Tensor Image(int h, int w, Func<int, int, double> value) =>
        torch.tensor(Enumerable.Range(0, h * w).Select(k => (float)value(k / w, k % w)).ToArray(), [1, 1, h, w]);

    private static Tensor PerImage(params double[] values) => torch.tensor(values.Select(v => (float)v).ToArray());

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Rotating_by_90_degrees_is_the_transposed_image_flipped(int side)
    {
        using var scope = torch.NewDisposeScope();
        var image = Image(side, side, (y, x) => (y * side + x + 1.0) / (side * side + 1));
        var ccw = RandAugmentOps.Rotate(image, PerImage(90));
        var cw = RandAugmentOps.Rotate(image, PerImage(-90));
        // Counter-clockwise: out[y][x] = in[x][side - 1 - y]; clockwise: out[y][x] = in[side - 1 - x][y].
        var input = AugmentationBatches.Pixels(image)[0][0];
        var expectedCcw = Enumerable.Range(0, side).SelectMany(y => Enumerable.Range(0, side).Select(x => input[x][side - 1 - y])).ToArray();
        var expectedCw = Enumerable.Range(0, side).SelectMany(y => Enumerable.Range(0, side).Select(x => input[side - 1 - x][y])).ToArray();
        Expect.Close(expectedCcw, Expect.Values(ccw), atol: 1e-5, what: "rotate +90");
        Expect.Close(expectedCw, Expect.Values(cw), atol: 1e-5, what: "rotate -90");
        Assert.True(ccw.allclose(image.transpose(2, 3).flip(2), 0, 1e-5));
    }

    [Fact]
    public void Translating_moves_the_content_by_the_stated_pixels_with_zeros_coming_in()
    {
        using var scope = torch.NewDisposeScope();
        var image = Image(4, 5, (y, x) => (y * 5 + x + 1.0) / 21);
        var input = AugmentationBatches.Pixels(image)[0][0];
        var images = torch.cat([image, image], 0);
        // Image 0: two pixels right; image 1: one pixel up.
        var moved = AugmentationBatches.Pixels(RandAugmentOps.Translate(images, PerImage(2, 0), PerImage(0, -1)));
        for (var y = 0; y < 4; y++)
        for (var x = 0; x < 5; x++)
        {
            Expect.Close(x >= 2 ? input[y][x - 2] : 0, moved[0][0][y][x], atol: 1e-5, what: $"right ({y},{x})");
            Expect.Close(y <= 2 ? input[y + 1][x] : 0, moved[1][0][y][x], atol: 1e-5, what: $"up ({y},{x})");
        }
    }

    [Fact]
    public void Shearing_by_one_shifts_each_row_by_its_offset_from_the_centre()
    {
        using var scope = torch.NewDisposeScope();
        // 5 x 5, centre row 2: with shear factor 1 the output at (y, x) samples the input at (y, x + y - 2).
        var image = Image(5, 5, (y, x) => (y * 5 + x + 1.0) / 26);
        var input = AugmentationBatches.Pixels(image)[0][0];
        var sheared = AugmentationBatches.Pixels(RandAugmentOps.Shear(image, PerImage(1), PerImage(0)))[0][0];
        var shearedY = AugmentationBatches.Pixels(RandAugmentOps.Shear(image, PerImage(0), PerImage(-1)))[0][0];
        for (var y = 0; y < 5; y++)
        for (var x = 0; x < 5; x++)
        {
            var sx = x + y - 2;
            Expect.Close(sx is >= 0 and < 5 ? input[y][sx] : 0, sheared[y][x], atol: 1e-5, what: $"shear-x ({y},{x})");
            var sy = y - (x - 2);
            Expect.Close(sy is >= 0 and < 5 ? input[sy][x] : 0, shearedY[y][x], atol: 1e-5, what: $"shear-y ({y},{x})");
        }
    }

    [Fact]
    public void Brightness_scales_and_clamps()
    {
        using var scope = torch.NewDisposeScope();
        var images = torch.tensor(new float[] { 0.2f, 0.5f, 0.8f, 0.2f, 0.5f, 0.8f }, [2, 1, 1, 3]);
        var result = RandAugmentOps.Brightness(images, PerImage(1.5, 0.5));
        Expect.Close([0.3, 0.75, 1.0, 0.1, 0.25, 0.4], Expect.Values(result), atol: 1e-6);
    }

    [Fact]
    public void Contrast_moves_pixels_away_from_the_mean_grey_level()
    {
        using var scope = torch.NewDisposeScope();
        // Grey image [0.2, 0.4, 0.9]: mean 0.5; factor 1.5 gives 0.05, 0.35, 1.1 -> 1 (clamped).
        var grey = torch.tensor(new float[] { 0.2f, 0.4f, 0.9f }, [1, 1, 1, 3]);
        Expect.Close([0.05, 0.35, 1.0], Expect.Values(RandAugmentOps.Contrast(grey, PerImage(1.5))), atol: 1e-6);
        // Colour image of 2 pixels: grey levels 0.299 R + 0.587 G + 0.114 B = 0.299 and 0.587, mean 0.443.
        var colour = torch.tensor(new float[] { 1, 0, 0, 1, 0, 0 }, [1, 3, 1, 2]);
        var m = (0.299 + 0.587) / 2;
        var expected = new[] { 1.0, 0, 0, 1, 0, 0 }.Select(v => Math.Clamp(m + 0.5 * (v - m), 0, 1)).ToArray();
        Expect.Close(expected, Expect.Values(RandAugmentOps.Contrast(colour, PerImage(0.5))), atol: 1e-6);
    }

    [Fact]
    public void Solarize_inverts_the_pixels_at_or_above_the_threshold()
    {
        using var scope = torch.NewDisposeScope();
        var image = torch.tensor(new float[] { 0.1f, 0.6f, 0.7f, 0.95f }, [1, 1, 2, 2]);
        Expect.Close([0.1, 0.6, 0.3, 0.05], Expect.Values(RandAugmentOps.Solarize(image, 0.7)), atol: 1e-6);
        Assert.Equal(0.7, RandAugmentOps.SolarizeThreshold(9), 12);   // 1 - 9/30
    }

    [Fact]
    public void Posterize_keeps_the_top_bits_of_the_8_bit_value()
    {
        using var scope = torch.NewDisposeScope();
        // 77 = 0100 1101 -> 0100 0000 = 64 with 4 bits, 0100 1100 = 76 with 6 bits; 255 -> 240 and 252.
        var image = torch.tensor(new float[] { 77f / 255, 1f, 0f }, [1, 1, 1, 3]);
        Expect.Close([64.0 / 255, 240.0 / 255, 0], Expect.Values(RandAugmentOps.Posterize(image, 4)), atol: 1e-6);
        Expect.Close([76.0 / 255, 252.0 / 255, 0], Expect.Values(RandAugmentOps.Posterize(image, 6)), atol: 1e-6);
    }

    [Fact]
    public void Autocontrast_stretches_each_channel_to_the_full_range_and_leaves_constant_ones()
    {
        using var scope = torch.NewDisposeScope();
        var image = torch.tensor(new float[] { 0.2f, 0.4f, 0.6f, 0.3f, 0.3f, 0.3f }, [1, 2, 1, 3]);
        Expect.Close([0, 0.5, 1, 0.3, 0.3, 0.3], Expect.Values(RandAugmentOps.AutoContrast(image)), atol: 1e-6);
    }

    [Fact]
    public void Equalize_maps_levels_as_the_hand_worked_histogram_says()
    {
        using var scope = torch.NewDisposeScope();
        // 512 pixels: 256 at level 10, 255 at level 20, 1 at level 30. step = (512 - 1) / 255 = 2 (floored);
        // level v -> (pixels below v + step / 2) / step: 10 -> 0, 20 -> (256 + 1) / 2 = 128, 30 -> 512 / 2 = 256 -> 255.
        var levels = Enumerable.Repeat(10, 256).Concat(Enumerable.Repeat(20, 255)).Append(30).ToArray();
        var image = torch.tensor(levels.Select(v => v / 255f).ToArray(), [1, 1, 16, 32]);
        var expected = levels.Select(v => v switch { 10 => 0.0, 20 => 128.0 / 255, _ => 1.0 }).ToArray();
        Expect.Close(expected, Expect.Values(RandAugmentOps.Equalize(image)), atol: 1e-6);
        // Too few pixels for a step (4 pixels: step 0): the channel is left as it is.
        var tiny = torch.tensor(new float[] { 0, 10f / 255, 20f / 255, 1 }, [1, 1, 2, 2]);
        Expect.Close(Expect.Values(tiny), Expect.Values(RandAugmentOps.Equalize(tiny)), atol: 1e-6);
    }

    /// <summary>PIL's ImageOps.equalize on one channel of 8-bit levels, written out with loops.</summary>
    private static int[] EqualizeByHand(int[] levels)
    {
        var histogram = new int[256];
        foreach (var v in levels) histogram[v]++;
        var last = histogram.Last(c => c != 0);
        var step = (levels.Length - last) / 255;
        if (step == 0) return levels;
        var table = new int[256];
        var n = step / 2;
        for (var v = 0; v < 256; v++)
        {
            table[v] = Math.Min(255, n / step);
            n += histogram[v];
        }
        return levels.Select(v => table[v]).ToArray();
    }

    [Fact]
    public void Equalize_agrees_with_a_loop_implementation_per_image_and_channel()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(50);
        // Skewed random levels (squares of uniforms) on 3 images x 2 channels of 20 x 20.
        var levels = (torch.rand([3, 2, 20, 20], generator).square() * 200).floor();
        var result = Expect.Values(RandAugmentOps.Equalize(levels / 255.0));
        var input = Expect.Values(levels).Select(v => (int)v).ToArray();
        for (var channel = 0; channel < 6; channel++)
        {
            var expected = EqualizeByHand(input.Skip(channel * 400).Take(400).ToArray()).Select(v => v / 255.0).ToArray();
            Expect.Close(expected, result.Skip(channel * 400).Take(400).ToArray(), atol: 1e-6, what: $"image/channel {channel}");
        }
    }

    [Fact]
    public void The_magnitude_maps_to_the_documented_strengths()
    {
        // M = 9 of 30: rotate 9 degrees, shear 0.09, translate round(0.135 x 28) = 4 pixels on 28,
        // factors 1 +- 0.27, posterize to 8 - round(1.2) = 7 bits; M = 30: 30 degrees, 4 bits, threshold 0.
        Assert.Equal(9.0, RandAugmentOps.RotateDegrees(9), 12);
        Assert.Equal(0.09, RandAugmentOps.ShearFactor(9), 12);
        Assert.Equal(4, RandAugmentOps.TranslatePixels(9, 28));
        Assert.Equal(0.27, RandAugmentOps.FactorChange(9), 12);
        Assert.Equal(7, RandAugmentOps.PosterizeBits(9));
        Assert.Equal(30.0, RandAugmentOps.RotateDegrees(30), 12);
        Assert.Equal(4, RandAugmentOps.PosterizeBits(30));
        Assert.Equal(0.0, RandAugmentOps.SolarizeThreshold(30), 12);
        Assert.Equal(14, RandAugmentOps.TranslatePixels(30, 32)); // round(0.45 x 32) = round(14.4)
    }

    [Fact]
    public void Grouping_gives_each_image_its_own_operation()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(51);
        const int n = 36;
        var images = torch.rand([n, 3, 8, 8], generator);
        var choices = torch.arange(n).remainder(12);   // every operation three times
        var signs = torch.rand([n], generator).lt(0.5).to(ScalarType.Float32) * 2 - 1;
        var grouped = RandAugmentAugmentation.Grouped(images, choices, signs, 20);
        for (var i = 0; i < n; i++)
        {
            var alone = RandAugmentOps.Apply((RandAugmentOp)(i % 12), images.narrow(0, i, 1), signs.narrow(0, i, 1), 20);
            // Bit for bit: resampling all geometric operations together must not change any image.
            Assert.True(grouped.narrow(0, i, 1).equal(alone), $"image {i} ({(RandAugmentOp)(i % 12)})");
        }
        // Identity leaves its images untouched, and the others change theirs.
        Assert.True(grouped.narrow(0, 0, 1).equal(images.narrow(0, 0, 1)));
        Assert.False(grouped.narrow(0, 3, 1).equal(images.narrow(0, 3, 1)));
    }

    [Fact]
    public void Every_operation_is_chosen_about_equally_often()
    {
        using var scope = torch.NewDisposeScope();
        // One operation per image, read off its effect on constant images: only solarize makes 0.75 of 0.25.
        using var generator = new Generator(52);
        var augment = new RandAugmentAugmentation(new RandAugmentOptions { Ops = 1, Magnitude = 30 });
        var batch = AugmentationBatches.Constant(1200, 1, 6, 6, 0.25f);
        var result = Expect.Values(augment.Apply(batch, generator).Images.amax([1, 2, 3]));
        // On a constant 0.25 image, solarize (threshold 0) inverts it to 0.75, brightness up gives 0.475,
        // autocontrast/equalize/contrast/identity/rotate/shear/translate/posterize keep the maximum at 0.25
        // (posterize: 64 of 255 -> 0.251 with 4 bits), brightness down 0.025: 1200 / 12 = 100 solarized expected.
        var solarized = result.Count(v => Math.Abs(v - 0.75) < 1e-6);
        Assert.InRange(solarized, 100 - 40, 100 + 40);   // Binomial(1200, 1/12): sd 9.6
    }

    [Theory]
    [InlineData(1, 28, 28)]
    [InlineData(53, 28, 28)]
    [InlineData(7, 32, 32)]
    [InlineData(5, 5, 9)]
    [InlineData(3, 6, 11)]
    [InlineData(3, 1, 67)]
    public void The_grid_as_one_product_is_affine_grids_to_the_bit(int n, int h, int w)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator((ulong)(n * 1000 + h * 10 + w));
        // Matrices of every kind RandAugment makes and arbitrary ones: the grid must not depend on what they hold.
        var theta = torch.randn([n, 2, 3], generator: generator) * 0.7;
        var reference = torch.nn.functional.affine_grid(theta, [n, 1, h, w], align_corners: false);
        var grid = RandAugmentOps.AffineGrid(theta, h, w);
        Assert.Equal(reference.shape, grid.shape);
        Assert.True(grid.equal(reference), "every coordinate of the grid equals affine_grid's bit for bit");
        var images = torch.rand([n, 3, h, w], generator: generator);
        Assert.True(torch.nn.functional.grid_sample(images, grid, "bilinear", "zeros", align_corners: false)
            .equal(torch.nn.functional.grid_sample(images, reference, "bilinear", "zeros", align_corners: false)), "and so is the resampled image");
    }

    [Fact]
    public void Thread_counts_are_this_threads_alone_and_end_with_their_scope()
    {
        // The test setup pins every thread to one; this thread takes two, then one inside that.
        var pinned = torch.get_num_threads();
        using (torch.intra_op_threads(2))
        {
            Assert.Equal(2, torch.get_num_threads());
            using (torch.single_threaded())
            {
                Assert.Equal(1, torch.get_num_threads());
            }
            Assert.Equal(2, torch.get_num_threads());
            var elsewhere = 0;
            var other = new Thread(() => elsewhere = torch.get_num_threads());
            other.Start();
            other.Join();
            Assert.Equal(pinned, elsewhere);
        }
        Assert.Equal(pinned, torch.get_num_threads());
    }

    [Fact]
    public void RandAugment_on_one_thread_gives_the_images_of_the_thread_pool_bit_for_bit()
    {
        // CIFAR-sized on two threads, so that libtorch's pool splits the larger operations between
        // them: Apply runs them on one thread, the layers below on the pool.
        using var threads = torch.intra_op_threads(2);
        using var scope = torch.NewDisposeScope();
        const int n = 512;
        var options = new RandAugmentOptions { Ops = 3, Magnitude = 17 };
        using var imagesGenerator = new Generator(41);
        var images = torch.rand([n, 3, 32, 32], imagesGenerator);
        var batch = new LossBench.Sdk.Augmentations.Batch(images, torch.zeros([n], ScalarType.Int64), torch.zeros([n, 10]));
        using var applyGenerator = new Generator(7);
        var applied = new RandAugmentAugmentation(options).Apply(batch, applyGenerator).Images;

        // The same draws as Apply, in the same order, and the layers on the caller's threads.
        using var generator = new Generator(7);
        var choices = PerImageDraws.Integers(generator, 0, 12, [options.Ops, n], generator.Device);
        var signs = PerImageDraws.Coin(generator, 0.5, [options.Ops, n], images.device).to(ScalarType.Float32) * 2 - 1;
        var expected = images;
        for (var layer = 0; layer < options.Ops; layer++)
            expected = RandAugmentAugmentation.Grouped(expected, choices[layer], signs[layer], options.Magnitude);
        Assert.True(applied.equal(expected), "every pixel the same bits on one thread as on the pool");
        Assert.False(applied.equal(images), "and the images were transformed");
    }
}
