namespace LossBench.Host.Cli;

/// <summary>Whether to draw live progress: only on an interactive terminal, never in CI or when output is redirected or captured.</summary>
public static class LiveDisplay
{
    public static bool IsAvailable(TextWriter output) =>
        ReferenceEquals(output, Console.Out) &&
        !Console.IsOutputRedirected &&
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) &&
        Environment.GetEnvironmentVariable("TERM") is not (null or "dumb");
}
