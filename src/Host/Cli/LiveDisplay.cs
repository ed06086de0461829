namespace LossBench.Host.Cli;

/// <summary>Whether to draw live progress: only on an interactive terminal, never in CI or when output is redirected or captured.</summary>
public static class LiveDisplay
{
    public static bool IsAvailable(TextWriter output) =>
        Decide(ReferenceEquals(output, Console.Out), Console.IsOutputRedirected,
            Environment.GetEnvironmentVariable("CI"), Environment.GetEnvironmentVariable("TERM"));

    /// <summary>The same rule for the error stream, where download progress is drawn.</summary>
    public static bool IsAvailableOnError(TextWriter error) =>
        Decide(ReferenceEquals(error, Console.Error), Console.IsErrorRedirected,
            Environment.GetEnvironmentVariable("CI"), Environment.GetEnvironmentVariable("TERM"));

    /// <summary>
    /// The rule itself, apart from the process, so it can be checked without a terminal: live progress
    /// only when writing to the console, not redirected, with CI unset or empty and a TERM that is not dumb.
    /// </summary>
    public static bool Decide(bool writesToConsole, bool outputRedirected, string? ciVariable, string? termVariable) =>
        writesToConsole &&
        !outputRedirected &&
        string.IsNullOrEmpty(ciVariable) &&
        termVariable is not (null or "dumb");
}
