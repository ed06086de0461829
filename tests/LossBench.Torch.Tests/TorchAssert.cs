using System.Globalization;

namespace LossBench.Torch.Tests;

/// <summary>Element-wise comparisons of tensors with values worked out independently.</summary>
internal static class TorchAssert
{
    /// <summary>The elements of a tensor (any real dtype) as doubles, row-major.</summary>
    public static double[] Values(Tensor t)
    {
        if (t.dtype == ScalarType.Float64) return t.ToArray<double>();
        using var d = t.to(ScalarType.Float64);
        return d.ToArray<double>();
    }

    /// <summary>|expected - actual| &lt;= atol + rtol * |expected| for every element, as numpy's isclose.</summary>
    public static void Close(double[] expected, double[] actual, double rtol = 1e-12, double atol = 1e-12, string? what = null)
    {
        Assert.True(expected.Length == actual.Length,
            $"{what ?? "values"}: expected {expected.Length} elements but got {actual.Length}");
        for (var i = 0; i < expected.Length; i++)
        {
            var limit = atol + rtol * Math.Abs(expected[i]);
            var ok = double.IsNaN(expected[i]) ? double.IsNaN(actual[i]) : Math.Abs(expected[i] - actual[i]) <= limit;
            if (!ok)
                Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{what ?? "values"}[{i}]: expected {expected[i]:R} but got {actual[i]:R} (difference {Math.Abs(expected[i] - actual[i]):E3}, allowed {limit:E3})"));
        }
    }

    public static void Close(double expected, double actual, double rtol = 1e-12, double atol = 1e-12, string? what = null) =>
        Close([expected], [actual], rtol, atol, what);

    public static void Close(double[] expected, Tensor actual, double rtol = 1e-12, double atol = 1e-12, string? what = null) =>
        Close(expected, Values(actual), rtol, atol, what);

    /// <summary>Shape and values of a tensor.</summary>
    public static void Tensor(long[] shape, double[] expected, Tensor actual, double rtol = 1e-12, double atol = 1e-12, string? what = null)
    {
        Assert.Equal(shape, actual.shape);
        Close(expected, Values(actual), rtol, atol, what);
    }
}
