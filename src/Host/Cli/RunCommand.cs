using System.CommandLine;
using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Host.Plugins;
using LossBench.Host.Training;
using LossBench.Host.Workers;
using LossBench.Torch.Native;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace LossBench.Host.Cli;

/// <summary>
/// `lossbench run [file]`: trains and evaluates every cell of a benchmark (resuming: finished
/// cells are skipped), then prints and writes the report. Exit code 0 when every selected cell
/// finished ok or diverged, 1 when some failed, and otherwise as every command (<see cref="ExitCodes"/>):
/// 2 bad input, 3 an environment problem, 70 an internal error, 130 interrupted.
/// </summary>
public static class RunCommand
{
    public static Command Create(Option<string[]> plugins, CliEnvironment environment, TextWriter output, TextWriter error, CommandContext context)
    {
        var file = BenchmarkFileArgument();
        var filter = new Option<string[]>("--filter") { Description = "Only cells matching: axis=glob (dataset, model, loss, augmentation, seed) or a glob over the cell label. Repeatable; all must match.", AllowMultipleArgumentsPerToken = false };
        var device = new Option<string?>("--device") { Description = "auto, cpu, cuda or cuda:N (overrides the file's device)." };
        var threads = new Option<int?>("--threads") { Description = "libtorch threads, at least 1 (overrides the file's threads); more than the logical cores are capped with a warning." };
        ThreadCount.RequirePositive(threads);
        var shard = new Option<string?>("--shard") { Description = "i/n: run only shard i of n; the shards' results together are the whole benchmark.", HelpName = "i/n" };
        var force = new Option<bool>("--force") { Description = "Rerun cells that already have results." };
        var outDirectory = OutOption();
        var jobs = JobsOption();
        var claimTimeout = new Option<double?>("--claim-timeout")
        {
            Description = "Minutes after which a cell claim of another host that was not refreshed is taken over (default 10); claims of this host's ended processes are taken over at once.",
            HelpName = "MINUTES",
        };
        claimTimeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is <= 0) result.AddError("--claim-timeout: expected a positive number of minutes");
        });
        // Set by the array scripts of `slurm submit`: only the cells of one resource class of the file's slurm: section.
        var slurmClass = new Option<string?>("--slurm-class") { Hidden = true };
        var command = new Command("run", "Train and evaluate every cell of a benchmark, then print and write the report.") { file, filter, device, threads, shard, force, outDirectory, jobs, claimTimeout, slurmClass };
        var portable = PortableOption();
        command.Options.Add(portable);
        command.SetAction(parse =>
        {
            var searchPath = environment.SearchPath(parse.GetValue(plugins) ?? []);
            using var services = PluginServices.Build(searchPath);
            var benchmark = WithPortableMode(LoadBenchmark(parse.GetValue(file)!, services), parse.GetValue(portable));
            var request = new RunRequest(parse.GetValue(outDirectory)!, CellFilter.Parse(parse.GetValue(filter) ?? []),
                parse.GetValue(shard) is { } s ? Shard.Parse(s) : Shard.Whole, parse.GetValue(force), parse.GetValue(device), parse.GetValue(threads),
                parse.GetValue(jobs), parse.GetValue(claimTimeout), parse.GetValue(slurmClass));
            var summary = Execute(services, searchPath, benchmark, request, output, error, context, out var html, out _, out _);
            output.WriteLine($"{summary.Planned} cell(s): {summary.Ok} ok, {summary.Diverged} diverged, {summary.Failed} failed " +
                             $"({summary.Cached} from earlier results{(summary.ClaimedElsewhere > 0 ? $", {summary.ClaimedElsewhere} left to other processes" : "")}), " +
                             $"{summary.Seconds:F1} s; results in {summary.Store.Directory}; open {html}");
            return summary.ExitCode;
        });
        return command;
    }

    /// <summary>What one `run` (or `verify`) was asked for on its command line.</summary>
    internal sealed record RunRequest(string OutDirectory, CellFilter Filter, Shard Shard, bool Force, string? Device, int? Threads,
        string? Jobs, double? ClaimTimeoutMinutes = null, string? SlurmClass = null);

    /// <summary>
    /// Runs the benchmark as `run` does (cached cells reused, the rest computed here or by workers),
    /// prints the tables and writes the report; <paramref name="html"/> is report.html, <paramref name="report"/>
    /// its tables and <paramref name="cells"/> the records they come from.
    /// </summary>
    internal static RunSummary Execute(IServiceProvider services, PluginSearchPath searchPath, BenchmarkDefinition benchmark, RunRequest request,
        TextWriter output, TextWriter error, CommandContext context, out string? html, out Reports.Report report, out IReadOnlyList<Results.CellRecord> cells)
    {
        var results = ResultsDirectory(request.OutDirectory, benchmark);
        context.ResultsDirectory = results;
        var threadCount = ThreadCount.Cap(request.Threads ?? benchmark.Threads,
            request.Threads is not null ? "--threads" : $"threads: in {benchmark.File}", error);
        var jobCount = Jobs.Resolve(request.Jobs, threadCount);
        var options = new RunOptions(request.OutDirectory, request.Filter, request.Shard, request.Force, request.Device,
            jobCount > 1 ? Jobs.ThreadsPerWorker(threadCount, jobCount) : threadCount)
        {
            Jobs = jobCount,
            ClaimTimeout = request.ClaimTimeoutMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : Results.CellClaims.DefaultStaleAfter,
        };
        if (request.SlurmClass is { } resourceClass)
        {
            var classes = Cluster.SlurmResourceClasses.Read(benchmark.File);
            options = options with { Select = cell => classes.ClassOf(cell) == resourceClass };
        }
        if (jobCount > 1)
            // Workers inherit portable mode through the environment (PortableEnvironment.Variable), set before this process loaded libtorch.
            options = options with
            {
                Workers = new Workers.WorkerLaunch(benchmark.File, Path.GetFullPath(options.ResultsRoot), options.Threads!.Value, options.Device, searchPath),
            };
        using var interrupt = new ConsoleInterrupt();
        var summary = Run(services, benchmark, options, interrupt.Token, output);
        output.WriteLine();
        ProcessTuning.ReleaseFreeHeap();
        html = ReportCommand.PrintAndWrite(summary.Store, output, out report, out cells);
        return summary;
    }

    /// <summary>--portable: the CPU kernels of every x86-64 CI machine, so results reproduce across machines.</summary>
    internal static Option<bool> PortableOption() => new("--portable")
    {
        Description = "Portable mode: pin libtorch's CPU kernels (ATen, oneDNN, OpenBLAS) to the AVX2 baseline, so results are bit-identical on other x86-64 machines (also `portable: true` in the file).",
    };

    /// <summary>
    /// The benchmark in portable mode when <paramref name="flag"/> (--portable), its file
    /// (`portable: true`) or the environment (a worker of a portable run, a Slurm task submitted
    /// from one) asks for it; the mode is then set up before anything loads libtorch, and passed on
    /// to the processes this one starts.
    /// </summary>
    internal static BenchmarkDefinition WithPortableMode(BenchmarkDefinition benchmark, bool flag)
    {
        if (!flag && !benchmark.Portable && !PortableEnvironment.Requested) return benchmark;
        if (PortableEnvironment.NativeLoaded && !PortableEnvironment.Active)
            throw new ArgumentException($"--portable: libtorch was already loaded in this process without portable mode; start the process with {PortableEnvironment.Variable}=1");
        PortableEnvironment.Request();
        return benchmark with { Portable = true };
    }

    /// <summary>--jobs N|auto: worker processes computing cells at once (null: 1).</summary>
    private static Option<string?> JobsOption()
    {
        var option = new Option<string?>("--jobs")
        {
            Description = "Compute N cells at once, each in its own worker process with --threads libtorch threads; auto: logical cores / threads per cell.",
            HelpName = "N|auto",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && Jobs.Parse(text) is null)
                result.AddError($"--jobs: expected a whole number of at least 1 or auto, got '{text}'");
        });
        return option;
    }

    internal static Argument<string> BenchmarkFileArgument()
    {
        var argument = new Argument<string>("file")
        {
            Description = "The benchmark file (default: benchmarks.yaml in the current folder).",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "benchmarks.yaml",
        };
        // An unknown option lands here as the file; say what it is rather than that no such file exists.
        argument.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: ['-', _, ..] value }] && !Path.Exists(value)) result.AddError($"unknown option '{value}'");
        });
        return argument;
    }

    internal static Option<string> OutOption()
    {
        var option = new Option<string>("--out")
        {
            Description = "The results folder; each benchmark writes to <out>/<name>/ (default: results).",
            DefaultValueFactory = _ => "results",
            HelpName = "DIR",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } path && NotAFolder(path) is { } problem) result.AddError($"--out: {problem}");
        });
        return option;
    }

    /// <summary>
    /// Why <paramref name="path"/> cannot be (or become) a directory: it, or the nearest part of it
    /// that exists, is a file or a device such as /dev/null; null when it can.
    /// </summary>
    internal static string? NotAFolder(string path)
    {
        var full = Path.GetFullPath(path);
        for (var existing = full; existing is not null; existing = Path.GetDirectoryName(existing))
        {
            if (Directory.Exists(existing)) return null;
            if (Path.Exists(existing))
                return existing == full ? $"{full} is not a directory" : $"{full} cannot be a directory: {existing} is not one";
        }
        return null;
    }

    /// <summary>The benchmark's results folder, &lt;out&gt;/&lt;name&gt;, checked to be one (a bad --out is bad input, before anything runs).</summary>
    internal static string ResultsDirectory(string outDirectory, BenchmarkDefinition benchmark)
    {
        var results = Path.GetFullPath(Path.Combine(outDirectory, benchmark.Name));
        if (NotAFolder(results) is { } problem) throw new ArgumentException($"the results folder of {benchmark.Name}: {problem}");
        return results;
    }

    internal static BenchmarkDefinition LoadBenchmark(string file, IServiceProvider services)
    {
        var path = Path.GetFullPath(file);
        if (Directory.Exists(path)) throw new ArgumentException($"{path} is a directory: give the benchmark file (a benchmarks.yaml), e.g. {Path.Combine(path, "benchmarks.yaml")}");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist: give the benchmark file (a benchmarks.yaml)", path);
        return BenchmarkLoader.Load(path, services.GetRequiredService<PluginCatalog>());
    }

    private static RunSummary Run(IServiceProvider services, BenchmarkDefinition benchmark, RunOptions options, CancellationToken cancellation, TextWriter output)
    {
        if (!LiveDisplay.IsAvailable(output))
            return new BenchmarkRunner(services.GetRequiredService<PluginRuntime>(), new PlainRunReporter(output)).Run(benchmark, options, cancellation);
        RunSummary? summary = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => summary = new BenchmarkRunner(services.GetRequiredService<PluginRuntime>(), new LiveRunReporter(context)).Run(benchmark, options, cancellation));
        return summary!;
    }
}
