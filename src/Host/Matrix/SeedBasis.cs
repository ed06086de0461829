namespace LossBench.Host.Matrix;

/// <summary>
/// What seeds are derived from. Normally a value's full identity, content hash included: rebuilt
/// plugin code is a new identity with new seeds. A check that a change left every number alone
/// (bench/same-numbers.sh) cannot work that way, since the plugin it changed gets new seeds; with
/// <see cref="Variable"/>=1 seeds leave the content hashes out, so two builds that compute the
/// same thing give the same numbers bit for bit. Such cells record the mode in their configuration
/// (<see cref="ConfigKey"/>), so they have ids of their own and never stand in for normal cells.
/// </summary>
public static class SeedBasis
{
    public const string Variable = "LOSSBENCH_SEEDS_WITHOUT_BUILD";

    /// <summary>The cell configuration's key for the mode, written only when it is on.</summary>
    public const string ConfigKey = "seeds";

    public const string WithoutBuild = "without-build";

    /// <summary>Whether this process (and the workers and Slurm tasks it starts, which inherit the environment) runs in the mode.</summary>
    public static bool Requested => Environment.GetEnvironmentVariable(Variable) == "1";
}
