using System.Diagnostics;
using System.Text;

namespace LossBench.EndToEnd.Tests;

/// <summary>The tool as its own process with extra environment variables (fault injection, SLURM_CONF), its output collected.</summary>
internal sealed class ToolProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    public ToolProcess(ToolRun run, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = run.Root };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lossbench.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["HOME"] = run.Root;
        start.Environment.Remove("LOSSBENCH_PLUGIN_PATH");
        start.Environment["CI"] = "true";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the process (at most <paramref name="minutes"/>, a guard against a hang, not a measurement).</summary>
    public (int Code, string Output) Wait(double minutes = 5)
    {
        if (!_process.WaitForExit(TimeSpan.FromMinutes(minutes)))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the tool did not end within {minutes} min:\n{Output}");
        }
        _process.WaitForExit();
        return (_process.ExitCode, Output);
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
