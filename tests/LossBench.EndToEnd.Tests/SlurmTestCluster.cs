using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// A one-node Slurm cluster for one test, from Debian's packages: munged with its own key and socket,
/// slurmctld and slurmd from a generated slurm.conf, everything (state, spool, logs, pid files) in a
/// temporary folder, on free non-default ports, proctrack/linuxproc and task/none (no cgroups).
/// Disposing stops every daemon it started, by the process id its pid file holds.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class SlurmTestCluster : IDisposable
{
    private readonly List<string> _pidFiles = [];

    private SlurmTestCluster(string folder) => Folder = folder;

    public string Folder { get; }
    public string Config => Path.Combine(Folder, "slurm.conf");

    /// <summary>Why this machine cannot run the cluster (not root, a daemon or command missing), or null when it can.</summary>
    public static string? CannotRun()
    {
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root" && !IsRoot())
            return "the Slurm daemons of the test cluster must run as root";
        foreach (var program in new[] { "munged", "slurmctld", "slurmd", "sbatch", "squeue" })
            if (Which(program) is null)
                return $"{program} is not installed (scripts/setup.sh installs slurmctld, slurmd, munge and slurm-client)";
        return null;
    }

    public static SlurmTestCluster Start()
    {
        var folder = Path.Combine(Path.GetTempPath(), "lossbench-slurm-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(folder, "state"));
        Directory.CreateDirectory(Path.Combine(folder, "spool"));
        // munged refuses a socket folder others may write to.
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                                     | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var cluster = new SlurmTestCluster(folder);
        try
        {
            cluster.StartDaemons();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    private void StartDaemons()
    {
        var key = Path.Combine(Folder, "munge.key");
        File.WriteAllBytes(key, System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024));
        File.SetUnixFileMode(key, UnixFileMode.UserRead);
        var socket = Path.Combine(Folder, "munge.sock");
        Daemon("munged", Path.Combine(Folder, "munged.pid"), "--force", $"--socket={socket}", $"--key-file={key}",
            $"--log-file={Path.Combine(Folder, "munged.log")}", $"--pid-file={Path.Combine(Folder, "munged.pid")}", $"--seed-file={Path.Combine(Folder, "munged.seed")}");
        var host = Run("hostname", "-s").Trim();
        File.WriteAllText(Config, $"""
            ClusterName=lossbench-test
            SlurmctldHost={host}(127.0.0.1)
            SlurmctldPort={FreePort()}
            SlurmdPort={FreePort()}
            AuthType=auth/munge
            AuthInfo=socket={socket}
            CredType=cred/munge
            StateSaveLocation={Folder}/state
            SlurmdSpoolDir={Folder}/spool
            SlurmctldPidFile={Folder}/slurmctld.pid
            SlurmdPidFile={Folder}/slurmd.pid
            SlurmctldLogFile={Folder}/slurmctld.log
            SlurmdLogFile={Folder}/slurmd.log
            SlurmUser=root
            SlurmdUser=root
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            SchedulerType=sched/backfill
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core
            ReturnToService=2
            MpiDefault=none
            JobCompType=jobcomp/none
            AccountingStorageType=accounting_storage/none
            JobAcctGatherType=jobacct_gather/none
            NodeName={host} NodeAddr=127.0.0.1 CPUs={Environment.ProcessorCount} RealMemory=1000 State=UNKNOWN
            PartitionName=test Nodes={host} Default=YES MaxTime=INFINITE State=UP

            """);
        Daemon("slurmctld", Path.Combine(Folder, "slurmctld.pid"), "-f", Config);
        Daemon("slurmd", Path.Combine(Folder, "slurmd.pid"), "-f", Config);
        // The node registers within a second or two; sinfo then shows it idle.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Run("sinfo", "-h", "-o", "%t").Contains("idle", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"the test cluster's node did not come up:\n{Logs()}");
            Thread.Sleep(200);
        }
    }

    /// <summary>Environment variables that point Slurm's commands at this cluster.</summary>
    public IReadOnlyDictionary<string, string> Environment_ => new Dictionary<string, string> { ["SLURM_CONF"] = Config };

    /// <summary>Waits until none of <paramref name="jobs"/> is queued or running (a guard of <paramref name="minutes"/> against a hang).</summary>
    public void WaitFor(IReadOnlyList<string> jobs, double minutes)
    {
        var deadline = DateTime.UtcNow.AddMinutes(minutes);
        while (Run("squeue", "-h", "-j", string.Join(',', jobs), "-o", "%i %T").Trim().Length > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"jobs {string.Join(',', jobs)} did not end within {minutes} min:\n{Logs()}");
            Thread.Sleep(500);
        }
    }

    public string Logs() => string.Join("\n", new[] { "slurmctld.log", "slurmd.log" }
        .Select(name => Path.Combine(Folder, name)).Where(File.Exists).Select(path => $"--- {path}\n{string.Join('\n', File.ReadLines(path).TakeLast(30))}"));

    public string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["SLURM_CONF"] = Config;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output.Result + error;
    }

    /// <summary>Starts a daemon (it forks into the background) and remembers its pid file, so Dispose stops exactly it.</summary>
    private void Daemon(string program, string pidFile, params string[] args)
    {
        _pidFiles.Add(pidFile);
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["SLURM_CONF"] = Config;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} did not start (exit code {process.ExitCode}): {error}\n{Logs()}");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(pidFile) || File.ReadAllText(pidFile).Trim().Length == 0)
        {
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"{program} wrote no pid file {pidFile}:\n{Logs()}");
            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        // The reverse order of starting: slurmd, slurmctld, then munged.
        foreach (var pidFile in Enumerable.Reverse(_pidFiles))
        {
            if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid)) continue;
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(10_000);
            }
            catch (ArgumentException) { }
            catch (InvalidOperationException) { }
        }
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsRoot() => File.Exists("/proc/self/status") &&
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal)) is { } line &&
        line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries) is [_, "0", ..];

    private static string? Which(string program) =>
        new[] { "/usr/sbin", "/usr/bin", "/sbin", "/bin" }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            .Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);
}
