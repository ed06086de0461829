using System.CommandLine;
using LossBench.Host.Cluster;
using LossBench.Host.Plugins;
using LossBench.Host.Results;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Cli;

/// <summary>
/// `lossbench slurm submit [file] --tasks N ...`: a Slurm job array of N shards and a dependent
/// report job (<see cref="SlurmScripts"/>), submitted with sbatch; prints the job ids. `--dry-run`
/// prints the scripts instead. `lossbench slurm status [results]`: cells done, running (with their
/// claims), failed and left. Exit code 3 when sbatch fails (its message shown as it is).
/// </summary>
public static class SlurmCommand
{
    public static Command Create(Option<string[]> plugins, CliEnvironment environment, TextWriter output, TextWriter error, CommandContext context)
    {
        var command = new Command("slurm", "Run a benchmark on a Slurm cluster as a job array of shards, and see where it stands.");
        command.Subcommands.Add(Submit(plugins, environment, output, error, context));
        command.Subcommands.Add(Status(output));
        return command;
    }

    private static Command Submit(Option<string[]> plugins, CliEnvironment environment, TextWriter output, TextWriter error, CommandContext context)
    {
        var file = RunCommand.BenchmarkFileArgument();
        var outDirectory = RunCommand.OutOption();
        var tasks = Positive(new Option<int>("--tasks") { Description = "Array tasks: shard i of N each.", Required = true, HelpName = "N" });
        var partition = new Option<string?>("--partition") { Description = "Slurm partition of every task.", HelpName = "P" };
        var time = new Option<string?>("--time") { Description = "Wall-time limit of a task (e.g. 4:00:00).", HelpName = "T" };
        var cpus = Positive(new Option<int?>("--cpus-per-task") { Description = "CPUs of a task; also its libtorch threads.", HelpName = "C" });
        var gpus = Positive(new Option<int?>("--gpus-per-task") { Description = "GPUs of a task.", HelpName = "G" });
        var mem = new Option<string?>("--mem") { Description = "Memory of a task (e.g. 16G).", HelpName = "M" };
        var maxParallel = Positive(new Option<int?>("--max-parallel") { Description = "At most K tasks running at once (--array=0-N%K).", HelpName = "K" });
        var lossbench = new Option<string?>("--lossbench")
        {
            Description = "How a task starts lossbench on the compute nodes (default: this very tool, by its full path, which the nodes must share).",
            HelpName = "CMD",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the scripts; submit nothing." };
        var command = new Command("submit", "Submit a job array of shards and a dependent report job; print the job ids.")
            { file, outDirectory, tasks, partition, time, cpus, gpus, mem, maxParallel, lossbench, dryRun };
        command.SetAction(parse =>
        {
            using var services = PluginServices.Build(environment.SearchPath(parse.GetValue(plugins) ?? []));
            var benchmark = RunCommand.LoadBenchmark(parse.GetValue(file)!, services);
            var results = RunCommand.ResultsDirectory(parse.GetValue(outDirectory)!, benchmark);
            var request = new SlurmRequest(benchmark.Name, benchmark.File, Path.GetFullPath(parse.GetValue(outDirectory)!), results,
                parse.GetValue(lossbench) ?? ThisTool(), parse.GetValue(tasks), Environment.CurrentDirectory,
                parse.GetValue(partition), parse.GetValue(time), parse.GetValue(cpus), parse.GetValue(gpus), parse.GetValue(mem), parse.GetValue(maxParallel));
            var arrays = Arrays(request, benchmark, services.GetRequiredService<PluginRuntime>());
            if (parse.GetValue(dryRun))
            {
                foreach (var array in arrays)
                {
                    output.WriteLine($"# {Path.Combine(SlurmScripts.LogDirectory(request), SlurmScripts.ArrayFileName(array))}");
                    output.Write(SlurmScripts.Array(array));
                }
                output.WriteLine($"# {Path.Combine(SlurmScripts.LogDirectory(request), "report.sbatch")} (sbatch --dependency=afterany:<array job ids>)");
                output.Write(SlurmScripts.Report(request));
                return ExitCodes.Done;
            }
            context.ResultsDirectory = results;
            try
            {
                var submitted = SlurmSubmitter.Submit(arrays);
                foreach (var (array, job, script) in submitted.Arrays)
                    output.WriteLine($"array job {job}: {array.Tasks} task(s), shard i of {array.Tasks} each" +
                                     $"{(array.ResourceClass is { } c ? $" of the cells of resource class {c}" : "")} ({script})");
                output.WriteLine($"report job {submitted.ReportJob}: runs after the array{(arrays.Count > 1 ? "s end" : " ends")} ({submitted.ReportScript})");
                output.WriteLine($"logs in {SlurmScripts.LogDirectory(request)}; see where it stands with: lossbench slurm status {results}");
                return ExitCodes.Done;
            }
            catch (SlurmException e)
            {
                error.WriteLine($"error: {e.Message}");
                return ExitCodes.Environment;
            }
        });
        return command;
    }

    private static Command Status(TextWriter output)
    {
        var results = new Argument<string>("results") { Description = "The benchmark's results folder (<out>/<name>).", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "." };
        var command = new Command("status", "Cells done, running (with their claims), failed and left in a results folder.") { results };
        command.SetAction(parse =>
        {
            var store = new ResultStore(parse.GetValue(results)!);
            var progress = ResultsProgress.Of(store, CellClaims.DefaultStaleAfter);
            output.WriteLine($"{store.Directory}: {progress.Planned} cell(s): {progress.Done.Count} done, {progress.Running.Count} running, " +
                             $"{progress.Failed.Count} failed, {progress.Left.Count} left");
            foreach (var (id, claim, stale) in progress.Running)
                output.WriteLine($"  running {id}: {claim?.Describe() ?? "claim not readable"}{(stale is null ? "" : $" (stale: {stale}; the next run takes it over)")}");
            foreach (var (id, label, message) in progress.Failed)
                output.WriteLine($"  failed  {id} ({label}): {message}");
            return ExitCodes.Done;
        });
        return command;
    }

    /// <summary>
    /// One array for the whole benchmark, or, with a slurm: section in the file, one per resource class
    /// that has cells, each with at most as many tasks as the class has cells.
    /// </summary>
    private static IReadOnlyList<SlurmRequest> Arrays(SlurmRequest request, Config.BenchmarkDefinition benchmark, PluginRuntime runtime)
    {
        var classes = SlurmResourceClasses.Read(benchmark.File);
        if (classes.IsEmpty) return [request];
        var device = Training.BenchmarkRunner.ResolveDevice(benchmark.Device);
        var cells = new Training.BenchmarkRunner(runtime, new PlainRunReporter(TextWriter.Null)).Plan(benchmark, Training.BenchmarkRunner.DeviceKind(device)).Cells;
        return cells.GroupBy(classes.ClassOf)
            .Select(g => classes.Apply(g.Key, request) with { ResourceClass = g.Key, Tasks = Math.Min(request.Tasks, g.Count()) })
            .ToArray();
    }

    /// <summary>This tool as a shell command: the dotnet host and lossbench.dll, by full paths.</summary>
    internal static string ThisTool()
    {
        var dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        return $"{SlurmScripts.Quote(dotnet)} {SlurmScripts.Quote(typeof(CliApp).Assembly.Location)}";
    }

    private static Option<T> Positive<T>(Option<T> option)
    {
        ThreadCount.RequirePositive(option);
        return option;
    }
}
