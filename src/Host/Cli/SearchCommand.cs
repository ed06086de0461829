using System.CommandLine;
using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Host.Plugins;
using LossBench.Host.Search;
using LossBench.Host.Training;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Cli;

/// <summary>
/// `lossbench search [file]`: regularized evolution over loss formulas, one search per augmentation,
/// resumable; writes the leaderboard and the best formulas as `expr:` entries. With `--transfer
/// benchmark.yaml` it then runs the top-k formulas in a copy of that benchmark through the normal run
/// path. Exit code 1 when a transfer cell failed, else as every command (<see cref="ExitCodes"/>): 0 done,
/// 2 bad input, 3 an environment problem, 70 an internal error, 130 interrupted.
/// </summary>
public static class SearchCommand
{
    public static Command Create(Option<string[]> plugins, CliEnvironment environment, TextWriter output, TextWriter error, CommandContext context)
    {
        var file = new Argument<string?>("file") { Description = "The search file (YAML, e.g. benchmarks/search.yaml); without one the built-in defaults are used.", Arity = ArgumentArity.ZeroOrOne };
        var outDirectory = RunCommand.OutOption();
        var seed = new Option<ulong?>("--seed") { Description = "Seed of the search." };
        var population = new Option<int?>("--population") { Description = "Members of the population." };
        var sampleSize = new Option<int?>("--sample-size") { Description = "Members drawn per tournament." };
        var evaluations = new Option<int?>("--evaluations") { Description = "Candidates trained per augmentation (initial population included); raise it to extend a finished search." };
        var dataset = new Option<string?>("--dataset") { Description = "Surrogate data set (a plugin name)." };
        var model = new Option<string?>("--model") { Description = "Surrogate model (a plugin name)." };
        var augmentations = new Option<string[]>("--augmentation") { Description = "An augmentation to search for (a plugin name); repeatable, one search each.", AllowMultipleArgumentsPerToken = false };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs of the surrogate run." };
        var steps = new Option<int?>("--steps") { Description = "Batches per surrogate epoch." };
        var batchSize = new Option<int?>("--batch-size") { Description = "Surrogate batch size." };
        var optimizer = new Option<OptimizerKind?>("--optimizer") { Description = "Surrogate optimizer: sgd, adam or adamw." };
        var lr = new Option<double?>("--lr") { Description = "Surrogate learning rate." };
        var gate = new Option<double?>("--gate") { Description = "An absolute gate: the training accuracy a run must reach after the gate epochs (0: no gate)." };
        var gateRelative = new Option<double?>("--gate-relative") { Description = "A relative gate: the fraction of cross-entropy's training accuracy after the gate epochs, under the same augmentation, a run must reach." };
        var threads = new Option<int?>("--threads") { Description = "libtorch threads, at least 1; more than the logical cores are capped with a warning." };
        ThreadCount.RequirePositive(threads);
        var device = new Option<string?>("--device") { Description = "cpu, cuda or cuda:N." };
        var transfer = new Option<string?>("--transfer") { Description = "After the search, run the top-k formulas with this benchmark's own losses in a copy of it.", HelpName = "BENCHMARK" };
        var top = new Option<int>("--top") { Description = "How many formulas per augmentation --transfer takes.", DefaultValueFactory = _ => 3 };
        var command = new Command("search", "Search loss formulas by regularized evolution, one search per augmentation; resumable.")
        {
            file, outDirectory, seed, population, sampleSize, evaluations, dataset, model, augmentations, epochs, steps, batchSize, optimizer, lr, gate, gateRelative, threads, device, transfer, top,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file);
            var overrides = new SearchOverrides
            {
                Seed = parse.GetValue(seed), Population = parse.GetValue(population), SampleSize = parse.GetValue(sampleSize), Evaluations = parse.GetValue(evaluations),
                Dataset = parse.GetValue(dataset), Model = parse.GetValue(model), Augmentations = parse.GetValue(augmentations) ?? [],
                Epochs = parse.GetValue(epochs), Steps = parse.GetValue(steps), BatchSize = parse.GetValue(batchSize), Optimizer = parse.GetValue(optimizer),
                Lr = parse.GetValue(lr), Gate = parse.GetValue(gate), GateRelative = parse.GetValue(gateRelative), Threads = parse.GetValue(threads), Device = parse.GetValue(device),
            };
            var options = overrides.ApplyTo(path is null ? new SearchOptions() : SearchConfigLoader.Load(path));
            options = options with { Threads = ThreadCount.Cap(options.Threads, parse.GetValue(threads) is not null ? "--threads" : $"threads: in {path}", error) };
            if (parse.GetValue(top) < 1) throw new ArgumentException($"--top: expected at least 1, got {parse.GetValue(top)}");
            var baseDirectory = path is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(path))!;
            var resultsRoot = parse.GetValue(outDirectory)!;
            var folder = SearchRunner.Folder(resultsRoot, options);
            if (RunCommand.NotAFolder(folder) is { } problem) throw new ArgumentException($"the search folder: {problem}");
            context.ResultsDirectory = Path.GetFullPath(folder);
            using var services = PluginServices.Build(environment.SearchPath(parse.GetValue(plugins) ?? []));
            using var interrupt = new ConsoleInterrupt();
            try
            {
                // The functions of the search space are the `expr` plugin's own, from the loaded plugin.
                var space = SearchSpace.From(services.GetRequiredService<PluginCatalog>());
                var runner = new SearchRunner(space,
                    augmentation => new SurrogateFitness(services, options.Surrogate.ToSettings(options.Device), augmentation, options.Seed, baseDirectory, "search.surrogate"),
                    output);
                var states = runner.Run(options, resultsRoot, interrupt.Token);
                output.WriteLine();
                output.Write(SearchLeaderboard.Markdown(states, runner.Top));
                var page = SearchPage.Write(folder, options.Name, states, runner.Top, path);
                output.WriteLine($"leaderboard: {Path.Combine(folder, SearchRunner.LeaderboardFile)}; best formulas as expr: entries: {Path.Combine(folder, SearchRunner.BestLossesFile)}; page: {page}");
                if (parse.GetValue(transfer) is not { } benchmarkFile) return ExitCodes.Done;
                return Transfer(services, benchmarkFile, states, parse.GetValue(top), folder, resultsRoot, interrupt.Token, output);
            }
            catch (OperationCanceledException) when (interrupt.Requested)
            {
                error.WriteLine("stopped: the search state holds every finished evaluation; rerun the same command to resume");
                return ExitCodes.Interrupted;
            }
        });
        return command;
    }

    /// <summary>Writes the transfer copy of the benchmark beside the search results and runs it like `lossbench run` would.</summary>
    private static int Transfer(IServiceProvider services, string benchmarkFile, IReadOnlyList<Search.SearchState> states, int top, string folder, string resultsRoot,
        CancellationToken cancellation, TextWriter output)
    {
        var source = Path.GetFullPath(benchmarkFile);
        if (Directory.Exists(source)) throw new ArgumentException($"{source} is a directory: --transfer takes a benchmark file");
        if (!File.Exists(source)) throw new FileNotFoundException($"{source} does not exist: --transfer takes a benchmark file", source);
        var formulas = states.SelectMany(s => SearchLeaderboard.Best(s, top)).Select(m => m.Formula).Distinct().ToArray();
        var text = TransferBenchmark.Rewrite(YamlConfigReader.ReadText(source), source, formulas);
        var copy = Path.Combine(folder, "transfer.yaml");
        Results.AtomicFile.WriteAllText(copy, text);
        // Parsed as if it sat beside the original, so relative paths in it (data files) resolve as there.
        var benchmark = BenchmarkLoader.Parse(text, Path.Combine(Path.GetDirectoryName(source)!, Path.GetFileNameWithoutExtension(source) + "-transfer.yaml"),
            services.GetRequiredService<PluginCatalog>());
        output.WriteLine($"transfer: {formulas.Length} formula(s) into {copy}");
        var summary = new BenchmarkRunner(services.GetRequiredService<PluginRuntime>(), new PlainRunReporter(output))
            .Run(benchmark, new RunOptions(resultsRoot, CellFilter.All, Shard.Whole, Force: false), cancellation);
        output.WriteLine();
        ReportCommand.PrintAndWrite(summary.Store, output);
        output.WriteLine($"{summary.Planned} cell(s): {summary.Ok} ok, {summary.Diverged} diverged, {summary.Failed} failed; results in {summary.Store.Directory}");
        return summary.ExitCode;
    }
}
