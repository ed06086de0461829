using System.Diagnostics;
using LossBench.Host.Cli;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// A scratch folder holding a benchmarks.yaml and its results, and ways to run the real tool on
/// it: in-process through <see cref="CliApp"/>, or as its own process (for kill tests). Plugins come
/// from the plugins/ folder beside this test assembly (the built-ins and the faulty fixture), never
/// from the user's home or $LOSSBENCH_PLUGIN_PATH.
/// </summary>
internal sealed class ToolRun : IDisposable
{
    public ToolRun(string yaml, string fileName = "benchmarks.yaml")
    {
        Directory.CreateDirectory(Root);
        BenchmarkFile = Path.Combine(Root, fileName);
        File.WriteAllText(BenchmarkFile, yaml);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "lossbench-e2e-" + Guid.NewGuid().ToString("N"));
    public string BenchmarkFile { get; }
    public string Results(string name = "results") => Path.Combine(Root, name);

    private CliEnvironment Environment => new(AppContext.BaseDirectory, Root, null);

    public (int Code, string Output, string Error) Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args, output, error, Environment);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>`run` of this folder's benchmark into results folder <paramref name="results"/>, on one thread.</summary>
    public (int Code, string Output, string Error) RunBenchmark(string results = "results", params string[] extra) =>
        Cli(["run", BenchmarkFile, "--out", Results(results), "--threads", "1", .. extra]);

    /// <summary>Starts the tool as a separate process (dotnet lossbench.dll beside this assembly).</summary>
    public Process Start(params string[] args)
    {
        var process = Process.Start(StartInfo(args))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// The tool as a process of its own, run to the end, with its output: for what must be set before
    /// libtorch loads (--portable's kernel choice), which this test process has done long before.
    /// </summary>
    public (int Code, string Output, string Error) CliProcess(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }

    private ProcessStartInfo StartInfo(string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lossbench.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["HOME"] = Root;
        start.Environment.Remove("LOSSBENCH_PLUGIN_PATH");
        start.Environment["CI"] = "true";
        return start;
    }

    public string ReadReport(string results, string extension) =>
        File.ReadAllText(Path.Combine(Results(results), BenchmarkName, "report." + extension));

    public string BenchmarkName { get; init; } = "tiny";

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
