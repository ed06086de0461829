namespace LossBench.Sdk.Datasets;

/// <summary>What the host gives a data set when it loads it.</summary>
/// <param name="Seed">The cell's seed, for data sets whose content or split depends on one.</param>
/// <param name="BaseDirectory">The directory relative paths in the options are resolved against (the benchmarks.yaml folder).</param>
public sealed record DataContext(ulong Seed, string BaseDirectory)
{
    /// <summary>Resolves a path from the options against <see cref="BaseDirectory"/>.</summary>
    public string ResolvePath(string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(BaseDirectory, path));
}
