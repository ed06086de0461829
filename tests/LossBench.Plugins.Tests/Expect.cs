using System.Globalization;
using LossBench.Sdk.Options;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>Assertions shared by the plugin tests.</summary>
internal static class Expect
{
    /// <summary>|expected - actual| &lt;= atol + rtol * |expected| for every element.</summary>
    public static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double rtol = 1e-12, double atol = 1e-12, string what = "values")
    {
        Assert.True(expected.Count == actual.Count, $"{what}: expected {expected.Count} elements but got {actual.Count}");
        for (var i = 0; i < expected.Count; i++)
        {
            var limit = atol + rtol * Math.Abs(expected[i]);
            if (!(Math.Abs(expected[i] - actual[i]) <= limit))
                Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{what}[{i}]: expected {expected[i]:R} but got {actual[i]:R} (difference {Math.Abs(expected[i] - actual[i]):E3}, allowed {limit:E3})"));
        }
    }

    public static void Close(double expected, double actual, double rtol = 1e-12, double atol = 1e-12, string what = "value") =>
        Close([expected], [actual], rtol, atol, what);

    /// <summary>The elements of a tensor of any real dtype as doubles, row-major.</summary>
    public static double[] Values(Tensor t)
    {
        using var d = t.to(ScalarType.Float64);
        return d.contiguous().ToArray<double>();
    }

    /// <summary>Binding <paramref name="mapping"/> fails, and the message names the path and contains every fragment.</summary>
    public static OptionsBindingException BindingFails<TOptions>(ConfigMapping mapping, string path, string expectedPath, params string[] fragments)
        where TOptions : class
    {
        var error = Assert.Throws<OptionsBindingException>(() => OptionsBinder.Bind<TOptions>(mapping, path));
        Assert.Equal(expectedPath, error.OptionPath);
        Assert.Contains(expectedPath + ": ", error.Message, StringComparison.Ordinal);
        foreach (var fragment in fragments) Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        return error;
    }
}
