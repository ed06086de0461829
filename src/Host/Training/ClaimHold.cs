using LossBench.Host.Matrix;

namespace LossBench.Host.Training;

/// <summary>
/// A fault-injection point for tests of concurrent runs: with <c>LOSSBENCH_HOLD_AFTER_CLAIM</c> set to
/// a folder, a run that has just claimed a cell writes &lt;folder&gt;/&lt;cell id&gt;.claimed and waits
/// until &lt;folder&gt;/&lt;cell id&gt;.go exists (or Ctrl+C). A test can so hold one run at a known step,
/// run another into the same results folder, and then let the first go on: no timing involved.
/// </summary>
internal static class ClaimHold
{
    public const string Variable = "LOSSBENCH_HOLD_AFTER_CLAIM";

    public static void AfterClaim(Cell cell, CancellationToken cancellation)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } folder) return;
        File.WriteAllText(Path.Combine(folder, cell.Id + ".claimed"), $"{Environment.ProcessId}\n");
        var go = Path.Combine(folder, cell.Id + ".go");
        while (!File.Exists(go) && !cancellation.IsCancellationRequested) Thread.Sleep(20);
    }
}
