using System.Diagnostics;
using System.Text;

namespace LossBench.Tool.Tests;

/// <summary>One finished (or timed-out) child process: its command line, exit code and output.</summary>
public sealed record ProcessRun(string CommandLine, int ExitCode, bool TimedOut, string StandardOutput, string StandardError)
{
    /// <summary>
    /// Runs <paramref name="fileName"/> to completion with stdin closed and both output streams
    /// captured. A process still running after <paramref name="timeout"/> is killed with its
    /// children, and the run is reported as timed out with whatever it had printed.
    /// </summary>
    public static ProcessRun Start(string fileName, IEnumerable<string> arguments, string workingDirectory,
                                   IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment.Clear();
        foreach (var (key, value) in environment)
            if (value is not null) info.Environment[key] = value;

        var commandLine = fileName + " " + string.Join(" ", info.ArgumentList.Select(Quote));
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + commandLine);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        var timedOut = !process.WaitForExit(timeout);
        if (timedOut)
        {
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { /* it ended meanwhile */ }
            process.WaitForExit(TimeSpan.FromSeconds(30));
        }
        // A grandchild that inherited the pipes (a build node, a compiler server) can hold them
        // open after the process ended; do not wait for it forever.
        Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(30));
        return new ProcessRun(commandLine, timedOut ? -1 : process.ExitCode, timedOut,
                              stdout.IsCompletedSuccessfully ? stdout.Result : "(output not complete)",
                              stderr.IsCompletedSuccessfully ? stderr.Result : "(output not complete)");
    }

    /// <summary>stdout followed by stderr, for assertions that only look for names in what the user sees.</summary>
    public string Output => StandardOutput + "\n" + StandardError;

    public string Describe() =>
        $"""
         $ {CommandLine}
         {(TimedOut ? "timed out and was killed" : $"exit code {ExitCode}")}
         --- stdout ---
         {StandardOutput.TrimEnd()}
         --- stderr ---
         {StandardError.TrimEnd()}
         """;

    /// <summary>Fails the test, with the full command line and output, unless the process exited with 0.</summary>
    public ProcessRun AssertSucceeded(string what)
    {
        if (TimedOut || ExitCode != 0) Assert.Fail($"{what} failed.\n{Describe()}");
        return this;
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? argument : "'" + argument + "'";
}
