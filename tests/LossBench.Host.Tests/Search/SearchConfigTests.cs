using LossBench.Host.Cli;
using LossBench.Host.Config;
using LossBench.Host.Search;
using LossBench.Sdk.Options;

namespace LossBench.Host.Tests.Search;

public sealed class SearchConfigTests
{
    private const string Text = """
        name: mine
        seed: 7
        population: 10
        sample-size: 4
        evaluations: 40
        surrogate:
          dataset: { mnist-10k: { train: 2000, test: 100 } }
          model: cnn-small
          augmentations: [none, { mixup: { alpha: 0.4 } }]
          steps: 10
          optimizer: adam
          lr: 0.001
        """;

    [Fact]
    public void A_search_file_binds_every_key_and_keeps_defaults_for_the_rest()
    {
        var options = SearchConfigLoader.Parse(Text, "search.yaml");
        Assert.Equal(("mine", 7UL, 10, 4, 40), (options.Name, options.Seed, options.Population, options.SampleSize, options.Evaluations));
        Assert.Equal(["cross-entropy", "baikal"], options.References);
        var s = options.Surrogate;
        Assert.Equal("{ mnist-10k: { train: 2000, test: 100 } }", SearchEntries.ToYaml(s.Dataset));
        Assert.Equal("cnn-small", SearchEntries.ToYaml(s.Model));
        Assert.Equal(["none", "mixup(alpha=0.4)"], s.Augmentations.Select(SearchEntries.Label));
        Assert.Equal((10, OptimizerKind.Adam, 0.001), (s.Steps, s.Optimizer, s.Lr));
        Assert.Equal((3, 64, 1000, 1), (s.Epochs, s.BatchSize, s.Validation, s.GateEpochs));
        Assert.Equal(GateRule.Relative(0.5), s.GateRule);
    }

    [Theory]
    [InlineData("{ relative: 0.6 }", GateKind.Relative, 0.6)]
    [InlineData("{ absolute: 0.2 }", GateKind.Absolute, 0.2)]
    [InlineData("0.2", GateKind.Absolute, 0.2)]
    [InlineData("0", GateKind.None, 0)]
    [InlineData("{ relative: 0 }", GateKind.None, 0)]
    public void The_gate_is_relative_absolute_or_none(string gate, GateKind kind, double value)
    {
        var options = SearchConfigLoader.Parse($"surrogate:\n  gate: {gate}\n", "s.yaml");
        Assert.Equal(new GateRule(kind, value), options.Surrogate.GateRule);
    }

    [Theory]
    [InlineData("{ relativ: 0.5 }", "unknown gate kind 'relativ'")]
    [InlineData("{ relative: 1.5 }", "'1.5' is outside [0, 1]")]
    [InlineData("{ relative: 0.5, absolute: 0.2 }", "expected one gate, got a mapping")]
    [InlineData("high", "expected a number in [0, 1], got 'high'")]
    public void A_bad_gate_is_an_error_naming_the_file_line_and_key(string gate, string problem)
    {
        var error = Assert.Throws<ConfigException>(() => SearchConfigLoader.Parse($"seed: 1\nsurrogate:\n  gate: {gate}\n", "s.yaml"));
        Assert.StartsWith("s.yaml:3:", error.Message);
        Assert.Contains("search.surrogate.gate", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_relative_gate_needs_cross_entropy_among_the_references()
    {
        var error = Assert.Throws<ConfigException>(() => SearchConfigLoader.Parse("references: [baikal]\nsurrogate:\n  gate: { relative: 0.5 }\n", "s.yaml"));
        Assert.Contains("list cross-entropy among the references", error.Message);
        Assert.Equal(GateKind.Absolute, SearchConfigLoader.Parse("references: [baikal]\nsurrogate:\n  gate: 0.2\n", "s.yaml").Surrogate.GateRule.Kind);
    }

    [Fact]
    public void Errors_name_the_file_the_line_and_the_key()
    {
        var typo = Assert.Throws<ConfigException>(() => SearchConfigLoader.Parse("seed: 1\npopulaton: 5\n", "s.yaml"));
        Assert.StartsWith("s.yaml:2:", typo.Message);
        Assert.Contains("populaton", typo.Message);
        Assert.Contains("population", typo.Message);
        var range = Assert.Throws<ConfigException>(() => SearchConfigLoader.Parse("surrogate:\n  steps: 0\n", "s.yaml"));
        Assert.StartsWith("s.yaml:2:", range.Message);
        Assert.Contains("search.surrogate.steps", range.Message);
        var pair = Assert.Throws<ConfigException>(() => SearchConfigLoader.Parse("population: 3\nsample-size: 5\n", "s.yaml"));
        Assert.Contains("sample-size (5) must not exceed population (3)", pair.Message);
    }

    [Fact]
    public void Command_line_values_replace_the_file_and_are_validated_like_it()
    {
        var options = new SearchOverrides { Seed = 3, Evaluations = 50, Augmentations = ["flip-crop", "none"], Steps = 5 }
            .ApplyTo(SearchConfigLoader.Parse(Text, "search.yaml"));
        Assert.Equal((3UL, 50, 10), (options.Seed, options.Evaluations, options.Population));
        Assert.Equal(["flip-crop", "none"], options.Surrogate.Augmentations.Select(SearchEntries.Label));
        Assert.Equal(5, options.Surrogate.Steps);
        var error = Assert.Throws<ArgumentException>(() => new SearchOverrides { Population = 50 }.ApplyTo(SearchConfigLoader.Parse(Text, "search.yaml")));
        Assert.Contains("evaluations (40) must be at least the population (50)", error.Message);
    }

    [Fact]
    public void The_shipped_search_file_loads()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LossBench.sln"))) directory = directory.Parent;
        Assert.NotNull(directory);
        var options = SearchConfigLoader.Load(Path.Combine(directory.FullName, "benchmarks", "search.yaml"));
        // Five augmentations that suit digits: no horizontal flip (a mirrored digit is another shape or none).
        Assert.Equal(["none", "crop", "cutout", "mixup", "rand-augment"], options.Surrogate.Augmentations.Select(SearchEntries.Label));
        Assert.Equal(GateKind.Relative, options.Surrogate.GateRule.Kind);
        Assert.True(options.Evaluations >= options.Population);
        var full = SearchConfigLoader.Load(Path.Combine(directory.FullName, "benchmarks", "search-full.yaml"));
        Assert.Equal(options.Surrogate.Augmentations.Select(SearchEntries.Label), full.Surrogate.Augmentations.Select(SearchEntries.Label));
        Assert.Equal("cuda", full.Device);
    }

    [Fact]
    public void The_search_command_reports_a_bad_file_with_exit_code_2()
    {
        var file = Path.Combine(Path.GetTempPath(), $"lossbench-search-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "seed: 1\nsurrogate:\n  gate: 2\n");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = CliApp.Run(["search", file], output, error, new CliEnvironment(null, null, null));
            Assert.Equal(2, code);
            Assert.Contains($"{file}:3:", error.ToString());
            Assert.Contains("search.surrogate.gate", error.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
