using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace LossBench.Host.Cli;

/// <summary>
/// The `lossbench` command line: its commands, the options they share, and where output goes.
/// Every command ends with an exit code of <see cref="ExitCodes"/>: a parse error is 2, and an
/// exception out of any command is mapped in one place, <see cref="CommandFailure"/>.
/// </summary>
public static class CliApp
{
    public static string Version { get; } =
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, CliEnvironment.Current);

    public static int Run(string[] args, TextWriter output, TextWriter error, CliEnvironment environment)
    {
        var plugins = new Option<string[]>("--plugins")
        {
            Description = "Also load plugins from DIR: a plugin folder (it holds the plugin's .dll) or a folder of plugin folders. Repeatable.",
            HelpName = "DIR",
            Recursive = true,
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var context = new CommandContext();
        var root = new RootCommand("LossBench: which loss function and augmentation make an image classifier accurate, calibrated and robust.");
        root.Options.Add(plugins);
        foreach (var version in root.Options.OfType<VersionOption>()) version.Action = new VersionAction(output);
        root.Subcommands.Add(ListCommand.Create(plugins, environment, output));
        root.Subcommands.Add(DoctorCommand.Create(plugins, environment, output));
        root.Subcommands.Add(RunCommand.Create(plugins, environment, output, error, context));
        root.Subcommands.Add(VerifyCommand.Create(plugins, environment, output, error, context));
        root.Subcommands.Add(PlanCommand.Create(plugins, environment, output, error, context));
        root.Subcommands.Add(ReportCommand.Create(output, error, context));
        root.Subcommands.Add(DemoCommand.Create(output, error));
        root.Subcommands.Add(DataCommand.Create(output, error));
        root.Subcommands.Add(SearchCommand.Create(plugins, environment, output, error, context));
        root.Subcommands.Add(PluginCommand.Create(environment, output));
        // Scale-out: worker processes of `run --jobs N` (hidden), Slurm job arrays, Kubernetes manifests.
        root.Subcommands.Add(WorkerCommand.Create(plugins, environment, output));
        root.Subcommands.Add(SlurmCommand.Create(plugins, environment, output, error, context));
        root.Subcommands.Add(K8sCommand.Create(plugins, environment, output));
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction) return ParseErrorMessages.Report(parse, error);
        try
        {
            // Without the default handler an exception reaches the catch below instead of becoming a stack trace and exit 1.
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return CommandFailure.Report(e, context.ResultsDirectory, environment.TemporaryDirectory, args, error);
        }
    }
}
