using System.Globalization;
using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Host.Plugins;
using LossBench.Tests.Fuzz;

namespace LossBench.Host.Tests.Config;

/// <summary>
/// Seeded fuzzing of the reader and loader, many cases at a few milliseconds each (the `plan`
/// command itself is fuzzed end to end, with fewer cases, in LossBench.EndToEnd.Tests): every
/// mutated benchmark file and every random formula is either read and expanded into cells, or
/// refused with a <see cref="ConfigException"/> (which names file, line, column and path). Any other
/// exception is a defect; the first one fails the test with the whole case. The budget is a number
/// of cases; <c>LOSSBENCH_FUZZ_SEED</c> and <c>LOSSBENCH_FUZZ_CASES</c> explore further locally.
/// </summary>
public sealed class BenchmarkFuzzTests
{
    private const int DefaultSeed = 20_251_207;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("LOSSBENCH_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed;

    private static int Cases(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("LOSSBENCH_FUZZ_CASES"), CultureInfo.InvariantCulture, out var cases) ? cases : fallback;

    [Fact]
    public void MutatedBenchmarksAreReadOrRefusedWithAConfigException()
    {
        var random = new Random(Seed + 2);
        var seeds = BenchmarkMutator.SeedFiles();
        var count = Cases(1000);
        var read = 0;
        for (var i = 0; i < count; i++)
        {
            var (name, text) = seeds[random.Next(seeds.Count)];
            var steps = new List<string>();
            var mutated = BenchmarkMutator.MutateSome(text, random, seeds, steps);
            if (Load($"yaml case {i} (seed {Seed + 2}): {name}, {string.Join("; ", steps)}", mutated)) read++;
        }
        // Some mutations leave a usable benchmark (a duplicated comment, a changed number): those are planned too.
        Assert.True(read >= count / 20, $"only {read} of {count} cases were read");
    }

    [Fact]
    public void RandomFormulasAreReadOrRefusedWithAConfigException()
    {
        var random = new Random(Seed + 3);
        var count = Cases(1000);
        var read = 0;
        for (var i = 0; i < count; i++)
        {
            var (kind, formula) = BenchmarkMutator.Formula(random);
            if (Load($"formula case {i} (seed {Seed + 3}): {kind}", BenchmarkMutator.WithFormula(formula))) read++;
        }
        Assert.True(read >= count / 10, $"only {read} of {count} formulas were read");
    }

    /// <summary>True when the benchmark was read (and expanded), false when refused; fails on anything else.</summary>
    private static bool Load(string description, string yaml)
    {
        try
        {
            var benchmark = ConfigText.Parse(yaml);
            MatrixExpander.Expand(benchmark, "cpu", new PluginTraits(BuiltInCatalog.Catalog));
            return true;
        }
        catch (ConfigException)
        {
            return false;
        }
        catch (Exception e)
        {
            var shown = yaml.Length <= 20_000 ? yaml : yaml[..20_000] + $"\n... ({yaml.Length} characters)";
            Assert.Fail($"{description}\nnot a ConfigException: {e}\n----- benchmark -----\n{shown}\n---------------------");
            return false;
        }
    }
}
