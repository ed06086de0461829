using System.CommandLine;
using LossBench.Host.Plugins;
using LossBench.Host.Workers;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Cli;

/// <summary>
/// `lossbench worker FILE --out DIR --threads T [--device D]` (hidden): a worker process of
/// `run --jobs N`, started by the run and spoken to through <see cref="WorkerProtocol"/>; not for users.
/// </summary>
public static class WorkerCommand
{
    public static Command Create(Option<string[]> plugins, CliEnvironment environment, TextWriter output)
    {
        var file = RunCommand.BenchmarkFileArgument();
        var outDirectory = RunCommand.OutOption();
        var threads = new Option<int>("--threads") { Required = true };
        ThreadCount.RequirePositive(threads);
        var device = new Option<string?>("--device");
        var command = new Command("worker", "A worker process of `run --jobs N` (started by the run).") { file, outDirectory, threads, device };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            using var services = PluginServices.Build(environment.SearchPath(parse.GetValue(plugins) ?? []));
            var benchmark = RunCommand.WithPortableMode(RunCommand.LoadBenchmark(parse.GetValue(file)!, services), flag: false);
            using var interrupt = new ConsoleInterrupt();
            return new CellWorker(services.GetRequiredService<PluginRuntime>(), benchmark, parse.GetValue(outDirectory)!, parse.GetValue(threads),
                parse.GetValue(device), output, Console.In).Run(interrupt.Token);
        });
        return command;
    }
}
