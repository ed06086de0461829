namespace LossBench.PluginSupport.Data;

/// <summary>
/// Where downloaded data sets live: <c>$LOSSBENCH_DATA</c> when set, else
/// <c>$XDG_DATA_HOME/lossbench/data</c>, else <c>~/.local/share/lossbench/data</c>. One place for the
/// rule, because <c>lossbench data get</c> writes there and the file-backed data set plugins read there
/// when a benchmark gives no directory. Each data set gets its own folder named after it
/// (<c>mnist</c>, <c>cifar10</c>, ...), with its files directly inside.
/// </summary>
public static class DataHome
{
    public const string Variable = "LOSSBENCH_DATA";

    /// <summary>The data root for the current environment.</summary>
    public static string Root => Resolve(Environment.GetEnvironmentVariable);

    /// <summary>The folder of one data set under the data root.</summary>
    public static string For(string datasetName) => Path.Combine(Root, datasetName);

    /// <summary>The rule itself, over any environment (for tests).</summary>
    public static string Resolve(Func<string, string?> environment)
    {
        if (environment(Variable) is { Length: > 0 } explicitRoot) return Path.GetFullPath(explicitRoot);
        if (environment("XDG_DATA_HOME") is { Length: > 0 } dataHome) return Path.Combine(dataHome, "lossbench", "data");
        var home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".local", "share", "lossbench", "data");
    }
}
