using LossBench.Host.Config;
using LossBench.Sdk.Options;

namespace LossBench.Host.Tests.Config;

/// <summary>Parses benchmark text against the built-in catalog, as the loader tests need it.</summary>
internal static class ConfigText
{
    public const string File = "/bench/benchmarks.yaml";

    /// <summary>The three required axes, one line each (lines 1-3), with built-in plugins.</summary>
    public const string Minimal = "datasets: [mnist-10k]\nmodels: [mlp]\nlosses: [cross-entropy]\n";

    public static BenchmarkDefinition Parse(string yaml) => BenchmarkLoader.Parse(yaml, File, BuiltInCatalog.Catalog);

    public static ConfigException Fails(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml));

    /// <summary>Asserts the whole "file:line:column: path: problem" shape of an error and returns its problem.</summary>
    public static string At(this ConfigException error, int line, int column, string path)
    {
        Assert.Equal(new SourceLocation(File, line, column), error.Location);
        Assert.Equal(path, error.ConfigPath);
        Assert.StartsWith($"{File}:{line}:{column}: " + (path.Length == 0 ? "" : path + ": "), error.Message);
        return error.Problem;
    }

    /// <summary>An options record's values by kebab-case key (plugin types live in their own load contexts, so tests read them this way).</summary>
    public static object? Option(object? options, string key) =>
        OptionsSchema.ValuesOf(options ?? throw new ArgumentNullException(nameof(options))).Single(p => p.Key == key).Value;
}
