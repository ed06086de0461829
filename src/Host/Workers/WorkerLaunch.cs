using System.Diagnostics;
using LossBench.Host.Plugins;

namespace LossBench.Host.Workers;

/// <summary>
/// How `run --jobs N` starts a worker process: this very tool (the lossbench.dll of this process,
/// through the dotnet host) as `lossbench worker FILE --out DIR --threads T [--device D]`, with the
/// run's plugin search path, so the worker plans exactly the cells (and cell ids) the run does.
/// </summary>
public sealed record WorkerLaunch(string BenchmarkFile, string ResultsRoot, int Threads, string? Device, PluginSearchPath Plugins)
{
    public ProcessStartInfo StartInfo()
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Cli.CliApp).Assembly.Location);
        start.ArgumentList.Add("worker");
        start.ArgumentList.Add(BenchmarkFile);
        start.ArgumentList.Add("--out");
        start.ArgumentList.Add(ResultsRoot);
        start.ArgumentList.Add("--threads");
        start.ArgumentList.Add(Threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Device is not null)
        {
            start.ArgumentList.Add("--device");
            start.ArgumentList.Add(Device);
        }
        foreach (var folder in Plugins.CommandLineDirectories)
        {
            start.ArgumentList.Add("--plugins");
            start.ArgumentList.Add(Path.GetFullPath(folder));
        }
        // The worker's own tool folder is this one's (same lossbench.dll); home and the path variable are the run's.
        if (Plugins.HomeDirectory is { } home) start.Environment["HOME"] = home;
        if (Plugins.EnvironmentValue is { } variable) start.Environment[PluginSearchPath.EnvironmentVariable] = variable;
        else start.Environment.Remove(PluginSearchPath.EnvironmentVariable);
        // Plain lines from the worker: its output is a protocol, never a live display.
        start.Environment["CI"] = "true";
        return start;
    }

    /// <summary>The dotnet host running this process, else $DOTNET_HOST_PATH, else dotnet on the PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet") return path;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }
}
