using System.CommandLine;
using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Host.Plugins;
using LossBench.Host.Training;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace LossBench.Host.Cli;

/// <summary>
/// `lossbench run [file]`: trains and evaluates every cell of a benchmark (resuming: finished
/// cells are skipped), then prints and writes the report. Exit code 0 when every selected cell
/// finished ok or diverged, 1 when some failed, 2 for a bad benchmarks.yaml or option, 130 when
/// interrupted.
/// </summary>
public static class RunCommand
{
    public static Command Create(Option<string[]> plugins, CliEnvironment environment, TextWriter output, TextWriter error)
    {
        var file = BenchmarkFileArgument();
        var filter = new Option<string[]>("--filter") { Description = "Only cells matching: axis=glob (dataset, model, loss, augmentation, seed) or a glob over the cell label. Repeatable; all must match.", AllowMultipleArgumentsPerToken = false };
        var device = new Option<string?>("--device") { Description = "auto, cpu, cuda or cuda:N (overrides the file's device)." };
        var threads = new Option<int?>("--threads") { Description = "libtorch threads (overrides the file's threads)." };
        var shard = new Option<string?>("--shard") { Description = "i/n: run only shard i of n; the shards' results together are the whole benchmark.", HelpName = "i/n" };
        var force = new Option<bool>("--force") { Description = "Rerun cells that already have results." };
        var outDirectory = OutOption();
        var command = new Command("run", "Train and evaluate every cell of a benchmark, then print and write the report.") { file, filter, device, threads, shard, force, outDirectory };
        command.SetAction(parse =>
        {
            try
            {
                using var services = PluginServices.Build(environment.SearchPath(parse.GetValue(plugins) ?? []));
                var benchmark = LoadBenchmark(parse.GetValue(file)!, services);
                var options = new RunOptions(parse.GetValue(outDirectory)!, CellFilter.Parse(parse.GetValue(filter) ?? []),
                    parse.GetValue(shard) is { } s ? Shard.Parse(s) : Shard.Whole, parse.GetValue(force), parse.GetValue(device), parse.GetValue(threads));
                using var interrupt = new ConsoleInterrupt();
                var summary = Run(services, benchmark, options, interrupt.Token, output);
                output.WriteLine();
                ReportCommand.PrintAndWrite(summary.Store, output);
                output.WriteLine($"{summary.Planned} cell(s): {summary.Ok} ok, {summary.Diverged} diverged, {summary.Failed} failed " +
                                 $"({summary.Cached} from earlier results), {summary.Seconds:F1} s; results in {summary.Store.Directory}");
                return summary.ExitCode;
            }
            catch (Exception e) when (e is ConfigException or ArgumentException or FileNotFoundException or PluginResolutionException or LossBench.Host.Options.OptionsBindingException)
            {
                error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    internal static Argument<string> BenchmarkFileArgument() => new("file")
    {
        Description = "The benchmark file (default: benchmarks.yaml in the current folder).",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => "benchmarks.yaml",
    };

    internal static Option<string> OutOption() => new("--out")
    {
        Description = "The results folder; each benchmark writes to <out>/<name>/ (default: results).",
        DefaultValueFactory = _ => "results",
        HelpName = "DIR",
    };

    internal static BenchmarkDefinition LoadBenchmark(string file, IServiceProvider services)
    {
        var path = Path.GetFullPath(file);
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
