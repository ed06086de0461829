using LossBench.Host.Plugins;

namespace LossBench.Host.Cli;

/// <summary>
/// What the command line reads from the process: where the tool is, the user's home, the plugin
/// path variable, and the temporary folder (where an internal error's log goes when no results folder
/// can take it; null: the system's).
/// </summary>
public sealed record CliEnvironment(string? ToolDirectory, string? HomeDirectory, string? PluginPathVariable, string? TemporaryDirectory = null)
{
    public static CliEnvironment Current { get; } = new(
        AppContext.BaseDirectory,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        Environment.GetEnvironmentVariable(PluginSearchPath.EnvironmentVariable));

    public PluginSearchPath SearchPath(IReadOnlyList<string> commandLineDirectories) =>
        new(ToolDirectory, HomeDirectory, PluginPathVariable, commandLineDirectories);
}
