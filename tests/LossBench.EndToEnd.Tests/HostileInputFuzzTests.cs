using System.Globalization;
using LossBench.Host.Cli;
using LossBench.Tests.Fuzz;
using Xunit.Abstractions;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// Seeded, bounded fuzzing of `plan`: random mutations of real benchmark files (the repository's
/// benchmarks.yaml, benchmarks/*.yaml and the test benchmarks) and random `expr` formulas, each run
/// in-process through <see cref="CliApp.Run(string[], TextWriter, TextWriter, CliEnvironment)"/> in a
/// folder of its own. Every case must end with an exit code of the contract (0, 1, 2, 3, 70, 130),
/// without an exception escaping the tool (thrown out of CliApp, or caught by the command-line
/// library's last-resort handler, which prints "Unhandled exception"), and without writing anywhere
/// but its --out folder. The budget is a number of cases, never a time; the cases are the same on
/// every run. The first failing case is printed whole with its seed and number.
/// <para>
/// A case that ends the process (a stack overflow) cannot be reported by the test: the case being
/// run is written to <see cref="LastCaseFile"/> before it runs, so it survives the process.
/// <c>LOSSBENCH_FUZZ_SEED</c> and <c>LOSSBENCH_FUZZ_CASES</c> explore further locally (the defaults
/// are what CI runs).
/// </para>
/// </summary>
public sealed class HostileInputFuzzTests(ITestOutputHelper log)
{
    /// <summary>How many cases ended with each exit code: printed, so a change that stops the mutations from reaching `plan` shows.</summary>
    private readonly SortedDictionary<int, int> _exits = [];

    /// <summary>The slowest cases, printed with the summary (never asserted: the budget is the case count).</summary>
    private readonly List<(double Seconds, string Description)> _timings = [];

    private const int DefaultSeed = 20_251_207;

    private static readonly int[] ExitContract = [0, 1, 2, 3, 70, 130];

    public static string LastCaseFile => Path.Combine(Path.GetTempPath(), "lossbench-fuzz-last-case.yaml");

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("LOSSBENCH_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed;

    private static int Cases(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("LOSSBENCH_FUZZ_CASES"), CultureInfo.InvariantCulture, out var cases) ? cases : fallback;

    [Fact]
    public void MutatedBenchmarkFilesNeverCrashPlanNorLeaveTheContract()
    {
        var random = new Random(Seed);
        var seeds = BenchmarkMutator.SeedFiles().Append(("TinyBenchmark", TinyBenchmark.Yaml())).ToArray();
        var count = Cases(100);
        for (var i = 0; i < count; i++)
        {
            var (name, text) = seeds[random.Next(seeds.Length)];
            var steps = new List<string>();
            var mutated = BenchmarkMutator.MutateSome(text, random, seeds, steps);
            Check($"yaml case {i} (seed {Seed}): {name}, {string.Join("; ", steps)}", mutated);
        }
        Summarize(count);
    }

    [Fact]
    public void RandomFormulasNeverCrashPlanNorLeaveTheContract()
    {
        var random = new Random(Seed + 1);
        var count = Cases(50);
        for (var i = 0; i < count; i++)
        {
            var (kind, formula) = BenchmarkMutator.Formula(random);
            Check($"formula case {i} (seed {Seed + 1}): {kind}", BenchmarkMutator.WithFormula(formula));
        }
        Summarize(count);
    }

    private void Summarize(int count)
    {
        log.WriteLine($"{count} cases; exit codes: {string.Join(", ", _exits.Select(e => $"{e.Key}: {e.Value}"))}");
        foreach (var (seconds, description) in _timings.OrderByDescending(t => t.Seconds).Take(5))
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {seconds:F2} s  {description}"));
        // Most mutations break the file (2), but some must get through to the plan (0) or the loss check (1).
        if (count >= 50) Assert.True(_exits.GetValueOrDefault(0) + _exits.GetValueOrDefault(1) >= count / 20, "too few cases reached the plan");
    }

    /// <summary>Runs `plan` on <paramref name="yaml"/> in a fresh folder and fails with the whole case when it breaks the contract.</summary>
    private void Check(string description, string yaml)
    {
        File.WriteAllText(LastCaseFile, $"# {description}\n{yaml}");
        using var run = new ToolRun(yaml);
        var outDirectory = run.Results("out");
        var workingDirectory = Directory.GetCurrentDirectory();
        var before = Directory.GetFileSystemEntries(workingDirectory).Order(StringComparer.Ordinal).ToArray();
        int code;
        string output, error;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            (code, output, error) = run.Cli("plan", run.BenchmarkFile, "--out", outDirectory);
        }
        catch (Exception e)
        {
            Assert.Fail(Report(description, yaml, $"an exception escaped CliApp.Run: {e}"));
            return;
        }
        _exits[code] = _exits.GetValueOrDefault(code) + 1;
        _timings.Add((clock.Elapsed.TotalSeconds, $"exit {code}: {(description.Length <= 200 ? description : description[..200] + "...")}"));
        if (!ExitContract.Contains(code))
            Assert.Fail(Report(description, yaml, $"exit code {code} is outside the contract {{{string.Join(", ", ExitContract)}}}\n{Tail(output)}\n{Tail(error)}"));
        if (error.Contains("Unhandled exception", StringComparison.Ordinal))
            Assert.Fail(Report(description, yaml, $"an exception escaped the command (exit {code}):\n{Tail(error)}"));

        // Everything the tool left in the case's folder is the benchmark file or lies under --out.
        var strays = Directory.GetFileSystemEntries(run.Root, "*", SearchOption.AllDirectories)
            .Where(p => p != run.BenchmarkFile && p != outDirectory && !p.StartsWith(outDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToArray();
        if (strays.Length > 0)
            Assert.Fail(Report(description, yaml, $"plan wrote outside --out: {string.Join(", ", strays)}"));
        var after = Directory.GetFileSystemEntries(workingDirectory).Order(StringComparer.Ordinal).ToArray();
        if (!before.SequenceEqual(after))
            Assert.Fail(Report(description, yaml, $"plan wrote into the working directory: {string.Join(", ", after.Except(before))}"));
    }

    private static string Report(string description, string yaml, string problem)
    {
        var shown = yaml.Length <= 20_000 ? yaml : yaml[..20_000] + $"\n... ({yaml.Length} characters; the whole case is in {LastCaseFile})";
        return $"{description}\n{problem}\n----- benchmark -----\n{shown}\n---------------------";
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];
}
