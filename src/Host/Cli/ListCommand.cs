using System.CommandLine;
using LossBench.Host.Plugins;
using LossBench.Sdk.Options;
using LossBench.Sdk.Plugins;

namespace LossBench.Host.Cli;

/// <summary>
/// `lossbench list [kind]`: every plugin with its kind, summary, options (type, default,
/// constraints, description), version and source folder; load failures, warnings and name conflicts at the end.
/// Exits 1 when a name conflict makes plugins unusable, else 0 (a broken folder is reported, not fatal).
/// </summary>
public static class ListCommand
{
    public static Command Create(Option<string[]> plugins, CliEnvironment environment, TextWriter output)
    {
        var kindArgument = new Argument<string?>("kind")
        {
            Description = "Only this kind: dataset, model, loss, augmentation or evaluation (plurals work too).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        kindArgument.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string?>();
            if (text is not null && !PluginKinds.TryParse(text, out _))
                result.AddError($"unknown plugin kind '{text}'; the kinds are {string.Join(", ", PluginKinds.All.Select(PluginKinds.DisplayName))}");
        });
        var command = new Command("list", "List the plugins found, with their options and where they came from.") { kindArgument };
        command.SetAction(parse =>
        {
            PluginKind? kind = parse.GetValue(kindArgument) is { } text && PluginKinds.TryParse(text, out var parsed) ? parsed : null;
            using var services = PluginServices.Build(environment.SearchPath(parse.GetValue(plugins) ?? []));
            var catalog = services.GetService(typeof(PluginCatalog)) as PluginCatalog ?? throw new InvalidOperationException("no plugin catalog");
            Write(catalog, kind, output);
            return catalog.Conflicts.Count == 0 ? 0 : 1;
        });
        return command;
    }

    public static void Write(PluginCatalog catalog, PluginKind? only, TextWriter output)
    {
        foreach (var kind in PluginKinds.All)
        {
            if (only is not null && kind != only) continue;
            var ofKind = catalog.OfKind(kind).ToArray();
            output.WriteLine($"{PluginKinds.PluralName(kind)} ({ofKind.Length})");
            foreach (var plugin in ofKind)
            {
                output.WriteLine($"  {plugin.Name}  [{PluginKinds.DisplayName(kind)}]  {plugin.Summary}");
                output.WriteLine($"      from {plugin.Folder.Path} ({PluginSearchPath.Describe(plugin.Folder.Origin)}), version {plugin.Version}");
                var options = plugin.OptionsType is null ? [] : OptionsSchema.Describe(plugin.OptionsType);
                if (options.Count == 0) output.WriteLine("      no options");
                foreach (var option in options)
                {
                    var constraints = option.Constraints.Length == 0 ? "" : $", {option.Constraints}";
                    var description = option.Description.Length == 0 ? "" : $"  {option.Description}";
                    output.WriteLine($"      {option.Key}: {option.Type} = {option.Default}{constraints}{description}");
                }
            }
            output.WriteLine();
        }
        if (catalog.Failures.Count > 0)
        {
            output.WriteLine($"failures ({catalog.Failures.Count}): these did not load");
            foreach (var failure in catalog.Failures) output.WriteLine($"  {failure}");
            output.WriteLine();
        }
        if (catalog.Warnings.Count > 0)
        {
            output.WriteLine($"warnings ({catalog.Warnings.Count}): these loaded, but should be rebuilt");
            foreach (var warning in catalog.Warnings) output.WriteLine($"  {warning}");
            output.WriteLine();
        }
        if (catalog.Conflicts.Count > 0)
        {
            output.WriteLine($"errors ({catalog.Conflicts.Count}): name conflicts, neither plugin is usable");
            foreach (var conflict in catalog.Conflicts) output.WriteLine($"  {conflict.Message}");
        }
    }
}
