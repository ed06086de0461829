using System.CommandLine;
using LossBench.Host.Matrix;
using LossBench.Host.Plugins;
using LossBench.Host.Results;
using LossBench.Host.Verify;

namespace LossBench.Host.Cli;

/// <summary>
/// `lossbench verify [file]`: runs the benchmark as `run` does (finished cells are reused, so an
/// unchanged benchmark in a warm results folder verifies in seconds), renders its tables as a
/// snapshot and compares it with &lt;snapshots&gt;/&lt;name&gt;.verified.md. Exit 0 when they match
/// (or no snapshot existed and one was written, or --accept recorded this one),
/// <see cref="ExitCodes.SnapshotMismatch"/> when a table differs,
/// <see cref="ExitCodes.SnapshotEnvironment"/> when the numbers were computed in another environment
/// than the snapshot's; either way &lt;name&gt;.received.md holds this run's snapshot. A run whose
/// cells failed ends as `run` does, without a comparison.
/// </summary>
public static class VerifyCommand
{
    public static Command Create(Option<string[]> plugins, CliEnvironment environment, TextWriter output, TextWriter error, CommandContext context)
    {
        var file = RunCommand.BenchmarkFileArgument();
        var snapshots = new Option<string?>("--snapshots")
        {
            Description = "The folder of <name>.verified.md (default: snapshots/ beside the benchmark file).",
            HelpName = "DIR",
        };
        var accept = new Option<bool>("--accept") { Description = "Record this run's snapshot as the verified one (its environment too)." };
        var outDirectory = RunCommand.OutOption();
        var device = new Option<string?>("--device") { Description = "auto, cpu, cuda or cuda:N (overrides the file's device)." };
        var threads = new Option<int?>("--threads") { Description = "libtorch threads, at least 1 (overrides the file's threads)." };
        ThreadCount.RequirePositive(threads);
        var jobs = new Option<string?>("--jobs") { Description = "Compute N cells at once in worker processes, as `run --jobs`.", HelpName = "N|auto" };
        jobs.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && Workers.Jobs.Parse(text) is null)
                result.AddError($"--jobs: expected a whole number of at least 1 or auto, got '{text}'");
        });
        var portable = RunCommand.PortableOption();
        var command = new Command("verify", "Run a benchmark (reusing finished cells) and compare its tables with a verified snapshot, for CI.")
            { file, snapshots, accept, outDirectory, device, threads, jobs, portable };
        command.SetAction(parse =>
        {
            var searchPath = environment.SearchPath(parse.GetValue(plugins) ?? []);
            using var services = PluginServices.Build(searchPath);
            var benchmark = RunCommand.WithPortableMode(RunCommand.LoadBenchmark(parse.GetValue(file)!, services), parse.GetValue(portable));
            var folder = Path.GetFullPath(parse.GetValue(snapshots) ?? Path.Combine(Path.GetDirectoryName(benchmark.File)!, "snapshots"));
            if (RunCommand.NotAFolder(folder) is { } problem) throw new ArgumentException($"--snapshots: {problem}");
            var request = new RunCommand.RunRequest(parse.GetValue(outDirectory)!, CellFilter.Parse([]), Shard.Whole, Force: false,
                parse.GetValue(device), parse.GetValue(threads), parse.GetValue(jobs));
            var summary = RunCommand.Execute(services, searchPath, benchmark, request, output, error, context, out _, out var report, out var cells);
            output.WriteLine($"{summary.Planned} cell(s): {summary.Ok} ok, {summary.Diverged} diverged, {summary.Failed} failed ({summary.Cached} from earlier results), {summary.Seconds:F1} s");
            if (summary.ExitCode != ExitCodes.Done)
            {
                error.WriteLine("verify: not compared with the snapshot: " + (summary.Cancelled ? "the run was interrupted" : $"{summary.Failed} cell(s) failed"));
                return summary.ExitCode;
            }
            var received = SnapshotBuilder.Build(benchmark.Name, report, cells, benchmark.Verify.Digits);
            return Compare(received, folder, benchmark, parse.GetValue(accept), output);
        });
        return command;
    }

    private static int Compare(Snapshot received, string folder, Config.BenchmarkDefinition benchmark, bool accept, TextWriter output)
    {
        var verifiedFile = Path.Combine(folder, benchmark.Name + ".verified.md");
        var receivedFile = Path.Combine(folder, benchmark.Name + ".received.md");
        var text = SnapshotMarkdown.Write(received);
        Directory.CreateDirectory(folder);
        if (accept || !File.Exists(verifiedFile))
        {
            var first = !File.Exists(verifiedFile);
            AtomicFile.WriteAllText(verifiedFile, text);
            File.Delete(receivedFile);
            output.WriteLine(first
                ? $"verify: no snapshot yet; wrote {verifiedFile} from this run (commit it: later runs are compared with it)"
                : $"verify: accepted this run as {verifiedFile}");
            return ExitCodes.Done;
        }
        var verified = SnapshotMarkdown.Read(File.ReadAllText(verifiedFile), verifiedFile);
        var comparison = SnapshotComparison.Compare(verified, received, benchmark.Verify.Tolerances);
        if (comparison.Matches)
        {
            File.Delete(receivedFile);
            foreach (var line in comparison.WithinTolerance) output.WriteLine("  " + line);
            output.WriteLine($"verify: the tables match {verifiedFile}");
            return ExitCodes.Done;
        }
        AtomicFile.WriteAllText(receivedFile, text);
        if (comparison.EnvironmentDifferences.Count > 0)
        {
            output.WriteLine($"verify: this run computed its numbers in another environment than {verifiedFile}, so the tables were not compared " +
                             "(such a change moves the last digits):");
            foreach (var line in comparison.EnvironmentDifferences) output.WriteLine("  " + line);
            output.WriteLine($"verify: wrote {receivedFile}; run where the snapshot was made (or with --portable on both), or record this environment with --accept");
            return ExitCodes.SnapshotEnvironment;
        }
        output.WriteLine($"verify: the tables differ from {verifiedFile}:");
        foreach (var line in comparison.Differences) output.WriteLine("  " + line);
        foreach (var line in comparison.WithinTolerance) output.WriteLine("  " + line);
        output.WriteLine($"verify: wrote {receivedFile}; if the change is intended, accept it with --accept (or move it over the verified file)");
        return ExitCodes.SnapshotMismatch;
    }
}
