using System.Diagnostics;
using System.Globalization;

namespace LossBench.Host.Results;

/// <summary>
/// Who is computing a cell: the content of claims/&lt;cell id&gt;.claim. The process start time guards
/// against a reused process id; the token tells this claim from a later one of the same process.
/// </summary>
/// <param name="Host">The machine's name (<see cref="Environment.MachineName"/>).</param>
/// <param name="Pid">The process that holds the claim (for `run --jobs N`, the run, not its worker).</param>
/// <param name="ProcessStarted">When that process started (UTC), so a process id reused by another program is not mistaken for the holder.</param>
/// <param name="Claimed">When the claim was made (UTC).</param>
/// <param name="Token">Unique to this claim: a release deletes the file only while it still holds this token.</param>
/// <param name="Tool">The LossBench version that made the claim.</param>
public sealed record CellClaim(string Host, int Pid, DateTime ProcessStarted, DateTime Claimed, string Token, string Tool)
{
    /// <summary>A new claim of this process.</summary>
    public static CellClaim OfThisProcess() => new(Environment.MachineName, Environment.ProcessId, ThisProcessStarted, DateTime.UtcNow,
        Guid.NewGuid().ToString("N"), Cli.CliApp.Version);

    private static readonly DateTime ThisProcessStarted = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public bool OnThisHost => string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the claiming process is this machine's and has ended (or its id now names another process).</summary>
    public bool ProcessGoneOnThisHost()
    {
        if (!OnThisHost) return false;
        try
        {
            using var process = Process.GetProcessById(Pid);
            if (process.HasExited) return true;
            // Start times are read back with tick-level differences across APIs; a second is far below any reuse.
            return Math.Abs((process.StartTime.ToUniversalTime() - ProcessStarted).TotalSeconds) > 1;
        }
        catch (ArgumentException) { return true; }
        catch (InvalidOperationException) { return true; }
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Host} pid {Pid} since {Claimed:yyyy-MM-dd HH:mm:ss}Z");
}
