using LossBench.Sdk.Losses;
using LossBench.Sdk.Options;
using LossBench.Sdk.Plugins;

namespace LossBench.Host.Plugins;

/// <summary>
/// The host's <see cref="ILossFactory"/>: resolves a loss entry in the catalog and builds it with
/// its bound options. The catalog is set once discovery has finished (plugins are probed before).
/// </summary>
public sealed class HostLossFactory(IServiceProvider services) : ILossFactory
{
    public PluginCatalog? Catalog { get; set; }

    public ILoss Create(ConfigNode entry, string path)
    {
        var catalog = Catalog ?? throw new InvalidOperationException("losses cannot be built before plugin discovery has finished");
        var (name, options) = entry switch
        {
            ConfigScalar { IsNull: false } scalar => (scalar.Text, (ConfigMapping?)null),
            ConfigMapping { Entries.Count: 1 } mapping => (mapping.Entries[0].Key, mapping.Entries[0].Value switch
            {
                ConfigMapping given => given,
                ConfigScalar { IsNull: true } => null,
                var other => throw new OptionsBindingException($"{path}.{mapping.Entries[0].Key}", other.Location, $"expected a mapping of options, got {other.Describe()}"),
            }),
            _ => throw new OptionsBindingException(path, entry.Location, $"expected a loss name or `name: {{ options }}`, got {entry.Describe()}"),
        };
        PluginDescriptor descriptor;
        try
        {
            descriptor = catalog.Find(PluginKind.Loss, name);
        }
        catch (PluginResolutionException e)
        {
            throw new OptionsBindingException(path, entry.Location, e.Message);
        }
        object? bound = null;
        if (descriptor.OptionsType is { } optionsType) bound = OptionsBinder.Bind(optionsType, options, $"{path}.{name}");
        else if (options is { Entries.Count: > 0 }) throw new OptionsBindingException($"{path}.{name}", options.Location, $"the {descriptor.Key} takes no options");
        return (ILoss)PluginActivator.Create(services, descriptor, bound);
    }
}
