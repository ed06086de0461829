using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("lossbench")]
[assembly: InternalsVisibleTo("LossBench.Host.Tests")]

namespace LossBench.Sdk.Datasets;

/// <summary>What the host gives a data set when it loads it.</summary>
/// <param name="Seed">The cell's seed, for data sets whose content or split depends on one.</param>
/// <param name="BaseDirectory">The directory relative paths in the options are resolved against (the benchmarks.yaml folder).</param>
public sealed record DataContext(ulong Seed, string BaseDirectory)
{
    private readonly ulong _seed = Seed;

    // Shared by copies (`with` copies the reference), so a Load that hands a copy on still counts as reading.
    private readonly SeedReads _reads = new();

    /// <summary>
    /// The cell's seed. Reading it tells the host that the splits may depend on it: a Load that never
    /// reads it returns the same data for every seed (all other randomness comes from the options, by
    /// the <see cref="IDataset.Load"/> contract), so the host loads such a data set once for all the
    /// seeds of a benchmark.
    /// </summary>
    public ulong Seed
    {
        get
        {
            _reads.Read = true;
            return _seed;
        }
        init => _seed = value;
    }

    /// <summary>Whether anything read <see cref="Seed"/> from this context or a copy of it.</summary>
    internal bool SeedWasRead => _reads.Read;

    /// <summary>Resolves a path from the options against <see cref="BaseDirectory"/>.</summary>
    public string ResolvePath(string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(BaseDirectory, path));

    /// <summary>Value equality over the seed and the folder (comparing does not count as reading the seed).</summary>
    public bool Equals(DataContext? other) =>
        other is not null && _seed == other._seed && BaseDirectory == other.BaseDirectory;

    public override int GetHashCode() => HashCode.Combine(_seed, BaseDirectory);

    private sealed class SeedReads
    {
        public bool Read;
    }
}
