using LossBench.Plugins.Augmentations;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>cutout and random-erasing: exactly the stated pixels change, clipped at the border.</summary>
public sealed class CutoutAugmentationTests
{
    /// <summary>The zeros of one channel as a set of (row, column).</summary>
    private static HashSet<(int, int)> Zeros(double[][] channel) =>
        [.. from y in Enumerable.Range(0, channel.Length) from x in Enumerable.Range(0, channel[0].Length) where channel[y][x] == 0 select (y, x)];

    [Theory]
    // 12x12 image, size 8: an interior centre clears 8 x 8; the square spans centre - 4 .. centre + 3.
    [InlineData(6, 6, 64)]
    [InlineData(0, 0, 16)]     // rows and columns 0..3
    [InlineData(11, 11, 25)]   // rows and columns 7..11
    [InlineData(0, 6, 32)]     // rows 0..3, columns 2..9
    [InlineData(5, 11, 40)]    // rows 1..8, columns 7..11
    public void A_square_at_a_given_centre_zeroes_exactly_its_clipped_area(int row, int column, int expectedZeros)
    {
        using var scope = torch.NewDisposeScope();
        var mask = CutoutAugmentation.Mask(torch.tensor(new long[] { row }, [1, 1]), torch.tensor(new long[] { column }, [1, 1]), 8, 12, 12);
        var ones = torch.ones([1, 2, 12, 12]);
        var cut = AugmentationBatches.Pixels(ones.masked_fill(mask, 0))[0];
        var expected = new HashSet<(int, int)>(
            from y in Enumerable.Range(row - 4, 8) from x in Enumerable.Range(column - 4, 8)
            where y >= 0 && y < 12 && x >= 0 && x < 12 select (y, x));
        Assert.Equal(expectedZeros, expected.Count);
        Assert.True(expected.SetEquals(Zeros(cut[0])), "channel 0");
        Assert.True(expected.SetEquals(Zeros(cut[1])), "channel 1");
    }

    [Fact]
    public void Random_squares_on_all_ones_images_are_whole_squares_or_clipped_ones()
    {
        using var scope = torch.NewDisposeScope();
        const int n = 400, size = 6, side = 10;
        var batch = AugmentationBatches.Constant(n, 1, side, side, 1f);
        using var generator = new Generator(12);
        var result = new CutoutAugmentation(new CutoutOptions { Size = size }).Apply(batch, generator);
        var pixels = AugmentationBatches.Pixels(result.Images);
        var clipped = 0;
        for (var i = 0; i < n; i++)
        {
            var zeros = Zeros(pixels[i][0]);
            Assert.All(pixels[i][0].SelectMany(r => r), v => Assert.True(v is 0.0 or 1.0));
            var (top, bottom) = (zeros.Min(p => p.Item1), zeros.Max(p => p.Item1));
            var (left, right) = (zeros.Min(p => p.Item2), zeros.Max(p => p.Item2));
            var (height, width) = (bottom - top + 1, right - left + 1);
            Assert.Equal(height * width, zeros.Count); // a rectangle
            // A square clipped at the top or left keeps at least size / 2 rows (centre row 0 keeps 0..2);
            // one that does not touch a border is whole.
            foreach (var (extent, low, high) in new[] { (height, top, bottom), (width, left, right) })
            {
                Assert.InRange(extent, size / 2, size);
                if (low > 0 && high < side - 1) Assert.Equal(size, extent);
            }
            if (height * width < size * size) clipped++;
        }
        // A square is whole iff both centre coordinates lie in 3..7: probability (5/10)^2 = 1/4.
        Assert.InRange(clipped, 300 - 40, 300 + 40);
    }

    [Fact]
    public void Several_squares_zero_their_union()
    {
        using var scope = torch.NewDisposeScope();
        var rows = torch.tensor(new long[] { 2, 2 }, [2, 1]);
        var columns = torch.tensor(new long[] { 2, 8 }, [2, 1]);
        var cut = AugmentationBatches.Pixels(torch.ones([1, 1, 10, 12]).masked_fill(CutoutAugmentation.Mask(rows, columns, 4, 10, 12), 0))[0][0];
        // Squares rows 0..3 x columns 0..3 and rows 0..3 x columns 6..9.
        var expected = new HashSet<(int, int)>(from y in Enumerable.Range(0, 4) from x in Enumerable.Range(0, 4).Concat(Enumerable.Range(6, 4)) select (y, x));
        Assert.True(expected.SetEquals(Zeros(cut)));
    }

    [Fact]
    public void Random_erasing_replaces_one_fitting_rectangle_per_chosen_image()
    {
        using var scope = torch.NewDisposeScope();
        const int n = 600, h = 16, w = 20;
        var options = new RandomErasingOptions { P = 0.5, Fill = ErasingFill.Zero };
        var batch = AugmentationBatches.Constant(n, 2, h, w, 1f);
        using var generator = new Generator(21);
        var pixels = AugmentationBatches.Pixels(new RandomErasingAugmentation(options).Apply(batch, generator).Images);
        var erased = 0;
        for (var i = 0; i < n; i++)
        {
            var zeros = Zeros(pixels[i][0]);
            Assert.True(zeros.SetEquals(Zeros(pixels[i][1])), $"image {i}: the channels differ");
            if (zeros.Count == 0) continue;
            erased++;
            var height = zeros.Max(p => p.Item1) - zeros.Min(p => p.Item1) + 1;
            var width = zeros.Max(p => p.Item2) - zeros.Min(p => p.Item2) + 1;
            Assert.Equal(height * width, zeros.Count);
            Assert.True(height < h && width < w, $"image {i}: {height} x {width} does not fit strictly");
            // h = round(sqrt(a r)) and w = round(sqrt(a / r)) with a in [0.02, 0.33] H W and r in [0.3, 3.3].
            var (smallest, largest) = (0.02 * h * w, 0.33 * h * w);
            Assert.InRange((double)height, Math.Round(Math.Sqrt(smallest * 0.3)), Math.Round(Math.Sqrt(largest * 3.3)));
            Assert.InRange((double)width, Math.Round(Math.Sqrt(smallest / 3.3)), Math.Round(Math.Sqrt(largest / 0.3)));
        }
        // The shapes nearly always fit on 16 x 20 within ten attempts: erased ~ Binomial(600, 0.5), sd 12.2.
        Assert.InRange(erased, 300 - 50, 300 + 50);
    }

    [Fact]
    public void Random_erasing_fills_with_uniform_values_and_leaves_the_rest()
    {
        using var scope = torch.NewDisposeScope();
        var batch = AugmentationBatches.Constant(200, 3, 16, 16, 2f);   // 2 marks untouched pixels
        using var generator = new Generator(22);
        var result = new RandomErasingAugmentation(new RandomErasingOptions { P = 1 }).Apply(batch, generator);
        var values = Expect.Values(result.Images);
        var filled = values.Where(v => v != 2).ToArray();
        Assert.All(filled, v => Assert.InRange(v, 0.0, 1.0));
        // Uniform [0, 1): mean 1/2 and variance 1/12 over many thousand pixels.
        Assert.True(filled.Length > 10_000, $"only {filled.Length} pixels were erased");
        Assert.InRange(filled.Average(), 0.5 - 0.01, 0.5 + 0.01);
        Assert.InRange(filled.Select(v => (v - 0.5) * (v - 0.5)).Average(), 1.0 / 12 - 0.005, 1.0 / 12 + 0.005);
    }

    [Fact]
    public void Random_erasing_with_p_zero_changes_nothing()
    {
        using var scope = torch.NewDisposeScope();
        var batch = AugmentationBatches.Distinct(20, 1, 8, 8);
        using var generator = new Generator(23);
        var result = new RandomErasingAugmentation(new RandomErasingOptions { P = 0 }).Apply(batch, generator);
        Assert.True(result.Images.equal(batch.Images));
    }
}
