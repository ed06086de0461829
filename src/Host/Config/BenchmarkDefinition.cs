namespace LossBench.Host.Config;

/// <summary>
/// A benchmarks.yaml after validation: every plugin resolved, every sweep expanded, every option
/// bound and checked. Nothing here refers back to YAML except locations for messages.
/// </summary>
/// <param name="Name">The benchmark's name; results go to results/&lt;Name&gt;/.</param>
/// <param name="File">The full path of the file it came from (relative data paths resolve against its folder).</param>
/// <param name="Seeds">The seeds, each a full replicate of the matrix.</param>
/// <param name="Device">auto, cpu, cuda or cuda:N.</param>
/// <param name="Threads">libtorch threads, or null for auto (libtorch's default).</param>
public sealed record BenchmarkDefinition(
    string Name,
    string File,
    IReadOnlyList<ulong> Seeds,
    string Device,
    int? Threads,
    IReadOnlyList<AxisValue> Datasets,
    IReadOnlyList<AxisValue> Models,
    IReadOnlyList<AxisValue> Losses,
    IReadOnlyList<AxisValue> Augmentations,
    IReadOnlyList<AxisValue> Evaluations,
    TrainingSettings Training,
    ReportSettings Report,
    IReadOnlyList<MatchRule> Include,
    IReadOnlyList<MatchRule> Exclude)
{
    /// <summary>
    /// `portable: true`: the CPU kernels are pinned to a baseline every CI machine runs
    /// (<see cref="Torch.Native.PortableEnvironment"/>). Part of every cell's identity, so portable
    /// and machine-tuned results never stand in for each other.
    /// </summary>
    public bool Portable { get; init; }

    /// <summary>
    /// Seeds derived without the plugins' content hashes (<see cref="Matrix.SeedBasis"/>): only for
    /// checking that a rebuilt plugin computes the same numbers. Part of every cell's identity.
    /// </summary>
    public bool SeedsWithoutBuild { get; init; }

    /// <summary>The `verify:` section (digits and tolerances of the snapshot comparison).</summary>
    public VerifySettings Verify { get; init; } = VerifySettings.Exact;
}
