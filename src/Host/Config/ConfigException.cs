using LossBench.Sdk.Options;

namespace LossBench.Host.Config;

/// <summary>
/// A benchmarks.yaml that cannot be used. The message is "file:line:column: path: problem", with a
/// suggestion for a misspelt name.
/// </summary>
public sealed class ConfigException(SourceLocation? location, string path, string problem)
    : Exception((location is null ? "" : location + ": ") + (path.Length == 0 ? "" : path + ": ") + problem)
{
    public SourceLocation? Location { get; } = location;
    public string ConfigPath { get; } = path;
    public string Problem { get; } = problem;
}
