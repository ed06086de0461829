namespace LossBench.Host.Cli;

/// <summary>
/// The exit codes of every command, a contract for scripts and CI: what went wrong decides the
/// code, never where. <see cref="CommandFailure"/> maps an exception that ends a command to one of them.
/// </summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Done = 0;

    /// <summary>
    /// The command did its work and found a problem: some cell failed (run, search --transfer), a
    /// loss broke its contract (plan), libtorch or a plugin did not load (doctor), two plugins share
    /// a name (list), a download failed or did not verify (data get), the demo did not learn.
    /// </summary>
    public const int CheckFailed = 1;

    /// <summary>Bad input: the benchmark or search file, an option, the command line, or results whose content cannot be read.</summary>
    public const int BadInput = 2;

    /// <summary>The environment said no: a file or folder cannot be written (permissions, read-only, disk full, path too long), libtorch is missing, sbatch failed (`slurm submit`).</summary>
    public const int Environment = 3;

    /// <summary>`verify`: a table differs from the verified snapshot (the diff names table, row, column and both values); &lt;name&gt;.received.md holds this run's.</summary>
    public const int SnapshotMismatch = 4;

    /// <summary>`verify`: the numbers were computed in another environment than the snapshot's (libtorch, its build, CPU kernels, BLAS, threads, device, portable mode); the tables are not compared.</summary>
    public const int SnapshotEnvironment = 5;

    /// <summary>Anything else: a bug. One line on screen, the stack trace in a log file (EX_SOFTWARE of sysexits.h).</summary>
    public const int Internal = 70;

    /// <summary>Ctrl+C (128 + SIGINT); rerunning the command resumes.</summary>
    public const int Interrupted = 130;
}
