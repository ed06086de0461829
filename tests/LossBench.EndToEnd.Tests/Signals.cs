using System.Runtime.InteropServices;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// Sends a signal straight through libc: spawning `kill` takes long enough on a loaded machine that a
/// small benchmark can finish before the signal arrives.
/// </summary>
internal static partial class Signals
{
    private const int SigInt = 2;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>
    /// Why SIGINT cannot reach a child of this process, or null when it can: a signal ignored here
    /// (a test run started in the background by a non-interactive shell ignores SIGINT) stays ignored
    /// in every child, and .NET leaves an ignored SIGINT ignored, so an interrupt test would only hang.
    /// </summary>
    public static string? InterruptIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (line is null) return null;
        var mask = Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16);
        return (mask & (1UL << (SigInt - 1))) != 0
            ? "SIGINT is ignored by this test process (started in the background?), so its children cannot be interrupted; run the tests in the foreground to test Ctrl+C"
            : null;
    }

    public static void Interrupt(int processId)
    {
        if (Kill(processId, SigInt) != 0)
            throw new InvalidOperationException($"kill({processId}, SIGINT) failed with errno {Marshal.GetLastPInvokeError()}");
    }
}
