using System.CommandLine;
using LossBench.Host.Plugins;
using LossBench.Sdk.Plugins;

namespace LossBench.Host.Cli;

/// <summary>
/// `lossbench plugin install|list|remove`: the user's plugins in <c>~/.lossbench/plugins/&lt;name&gt;/</c>
/// (see <see cref="InstalledPlugins"/>). A source that does not exist, is no plugin package, or holds a
/// plugin that would not load is bad input (exit 2), and nothing is installed.
/// </summary>
public static class PluginCommand
{
    public static Command Create(CliEnvironment environment, TextWriter output)
    {
        var command = new Command("plugin", "Install, list and remove your plugins (in ~/.lossbench/plugins).");

        var source = new Argument<string>("source") { Description = "A plugin package (.nupkg from `dotnet pack` of a LossBench.Plugin.Sdk project) or a plugin folder." };
        var name = new Option<string?>("--name") { Description = "Install under this name (default: the package id, or the folder's name).", HelpName = "NAME" };
        var install = new Command("install", "Install a plugin package or folder, after checking that its plugins load.") { source, name };
        install.SetAction(parse =>
        {
            var installed = Plugins(environment).Install(parse.GetValue(source)!, parse.GetValue(name));
            output.WriteLine($"{(installed.Replaced ? "replaced" : "installed")} {installed.Name} in {installed.Folder}");
            foreach (var plugin in installed.Plugins)
                output.WriteLine($"  {plugin.Name}  [{PluginKinds.DisplayName(plugin.Kind)}]  version {plugin.Version}  {plugin.Summary}");
            return ExitCodes.Done;
        });

        var list = new Command("list", "List the installed plugin folders and what each provides.");
        list.SetAction(_ =>
        {
            var plugins = Plugins(environment);
            var installed = plugins.List();
            output.WriteLine($"installed plugins ({installed.Count}) in {plugins.Root}");
            foreach (var (folderName, _, descriptors, failures) in installed)
            {
                output.WriteLine($"  {folderName}");
                foreach (var plugin in descriptors)
                    output.WriteLine($"    {plugin.Name}  [{PluginKinds.DisplayName(plugin.Kind)}]  version {plugin.Version}  {plugin.Summary}");
                foreach (var failure in failures)
                    output.WriteLine($"    failed: {(failure.TypeName is null ? "" : failure.TypeName + ": ")}{failure.Reason}");
            }
            return ExitCodes.Done;
        });

        var removeName = new Argument<string>("name") { Description = "The installed plugin folder's name (see `lossbench plugin list`)." };
        var remove = new Command("remove", "Remove an installed plugin folder.") { removeName };
        remove.SetAction(parse =>
        {
            var folder = Plugins(environment).Remove(parse.GetValue(removeName)!);
            output.WriteLine($"removed {parse.GetValue(removeName)} ({folder})");
            return ExitCodes.Done;
        });

        command.Subcommands.Add(install);
        command.Subcommands.Add(list);
        command.Subcommands.Add(remove);
        return command;
    }

    private static InstalledPlugins Plugins(CliEnvironment environment) =>
        new(environment.HomeDirectory is { Length: > 0 } home ? home : throw new InvalidOperationException("the user's home folder is unknown (HOME is not set)"),
            environment.ToolDirectory);
}
