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

    public static void Interrupt(int processId)
    {
        if (Kill(processId, SigInt) != 0)
            throw new InvalidOperationException($"kill({processId}, SIGINT) failed with errno {Marshal.GetLastPInvokeError()}");
    }
}
