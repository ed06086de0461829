using System.Diagnostics;

namespace LossBench.Host.Cluster;

/// <summary>
/// Submits the scripts of <see cref="SlurmScripts"/> with <c>sbatch --parsable</c>: the array first,
/// then the report job depending on it (afterany). Nothing keeps running here afterwards, so logging
/// out of a login node loses nothing. sbatch's own error is shown as it is.
/// </summary>
public static class SlurmSubmitter
{
    public sealed record Submitted(IReadOnlyList<(SlurmRequest Request, string Job, string Script)> Arrays, string ReportJob, string ReportScript);

    /// <summary>Submits one array per request (one per resource class), then the report job after all of them.</summary>
    public static Submitted Submit(IReadOnlyList<SlurmRequest> arrays)
    {
        var folder = SlurmScripts.LogDirectory(arrays[0]);
        Directory.CreateDirectory(folder);
        var submitted = new List<(SlurmRequest, string, string)>();
        foreach (var request in arrays)
        {
            var script = Path.Combine(folder, SlurmScripts.ArrayFileName(request));
            Results.AtomicFile.WriteAllText(script, SlurmScripts.Array(request));
            submitted.Add((request, Sbatch(script), script));
        }
        var reportScript = Path.Combine(folder, "report.sbatch");
        Results.AtomicFile.WriteAllText(reportScript, SlurmScripts.Report(arrays[0] with { ResourceClass = null }));
        var report = Sbatch($"--dependency=afterany:{string.Join(':', submitted.Select(s => s.Item2))}", reportScript);
        return new Submitted(submitted, report, reportScript);
    }

    /// <summary>Runs sbatch --parsable with <paramref name="arguments"/>; its job id (before any ';cluster').</summary>
    private static string Sbatch(params string[] arguments)
    {
        var start = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--parsable");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new SlurmException("sbatch could not be started");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SlurmException($"sbatch could not be started ({e.Message}): is Slurm's client installed here (Debian: slurm-client) and on the PATH?");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new SlurmException($"sbatch {string.Join(' ', arguments)} failed (exit code {process.ExitCode}):\n{error.TrimEnd()}");
            var id = output.Result.Trim().Split(';')[0];
            if (id.Length == 0 || !id.All(char.IsAsciiDigit))
                throw new SlurmException($"sbatch {string.Join(' ', arguments)} printed no job id:\n{output.Result.TrimEnd()}\n{error.TrimEnd()}");
            return id;
        }
    }
}

/// <summary>Slurm refused or could not be reached: the message holds what it said.</summary>
public sealed class SlurmException(string message) : Exception(message);
