using System.Diagnostics;

namespace LossBench.Host.Cluster;

/// <summary>
/// Submits the scripts of <see cref="SlurmScripts"/> with <c>sbatch --parsable</c>: the array first,
/// then the report job depending on it (afterany). Nothing keeps running here afterwards, so logging
/// out of a login node loses nothing. sbatch's own error is shown as it is.
/// </summary>
public static class SlurmSubmitter
{
    public sealed record Submitted(string ArrayJob, string ReportJob, string ArrayScript, string ReportScript);

    public static Submitted Submit(SlurmRequest request)
    {
        var folder = SlurmScripts.LogDirectory(request);
        Directory.CreateDirectory(folder);
        var arrayScript = Path.Combine(folder, "array.sbatch");
        var reportScript = Path.Combine(folder, "report.sbatch");
        Results.AtomicFile.WriteAllText(arrayScript, SlurmScripts.Array(request));
        Results.AtomicFile.WriteAllText(reportScript, SlurmScripts.Report(request));
        var array = Sbatch(arrayScript);
        var report = Sbatch($"--dependency=afterany:{array}", reportScript);
        return new Submitted(array, report, arrayScript, reportScript);
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
