using System.Reflection;

namespace LossBench.Host.Cli;

/// <summary>
/// The tool as reports name it: its version and the commit it was built from
/// (<c>lossbench 0.1.0, commit 0123abcd4567</c>), the commit recorded at build time when the
/// sources were a git checkout (`-dirty` when they had changes not committed).
/// </summary>
public static class ToolVersion
{
    public static string? Commit { get; } = typeof(ToolVersion).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "SourceCommit")?.Value is { Length: > 0 } commit ? commit : null;

    public static string Describe() => $"lossbench {CliApp.Version}, " + (Commit is { } commit ? $"commit {commit}" : "commit unknown (not built from a git checkout)");
}
