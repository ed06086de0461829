using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace LossBench.Host.Cli;

/// <summary>
/// libtorch threads: at least 1, and at most the machine's logical cores. More threads than cores
/// only wait on each other (a run of 1.5 s took 27 s with far too many), so a larger request is
/// capped with a warning rather than refused: a benchmark file written on a bigger machine still runs.
/// The count used is the one every cell records in its environment.
/// </summary>
public static class ThreadCount
{
    /// <summary>Refuses a <c>--threads</c> below 1 at parse time (a bad option: exit 2).</summary>
    public static void RequirePositive(Option option) => option.Validators.Add(result =>
    {
        foreach (var token in result.Tokens)
            if (int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count < 1)
                result.AddError($"{option.Name}: expected at least 1, got {count}");
    });

    /// <summary>The count to use for <paramref name="requested"/> (null: one per logical core); above <paramref name="cores"/>, that many, with a warning naming <paramref name="source"/>.</summary>
    public static int? Cap(int? requested, string source, TextWriter warnings, int? cores = null)
    {
        var available = cores ?? Environment.ProcessorCount;
        if (requested is not { } count || count <= available) return requested;
        warnings.WriteLine($"warning: {source} asks for {count} threads, but this machine has {available} logical core(s); using {available} " +
                           "(more threads than cores only wait on each other)");
        return available;
    }
}
