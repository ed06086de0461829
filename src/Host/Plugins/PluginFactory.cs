using LossBench.Sdk.Options;
using LossBench.Sdk.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Plugins;

/// <summary>
/// Builds plugins by kind and name for a benchmark cell: finds the keyed registration, binds the
/// cell's options to the plugin's options record, and constructs it with the host's services.
/// </summary>
public sealed class PluginFactory(IServiceProvider services, PluginCatalog catalog)
{
    public T Create<T>(string name, ConfigMapping? options, string optionPath) where T : class
    {
        var kind = PluginKinds.All.Single(k => PluginKinds.ContractOf(k) == typeof(T));
        var descriptor = services.GetKeyedService<PluginDescriptor>(new PluginKey(kind, name)) ?? catalog.Find(kind, name);
        object? bound = null;
        if (descriptor.OptionsType is { } optionsType) bound = OptionsBinder.Bind(optionsType, options, optionPath);
        else if (options is { Entries.Count: > 0 } given)
            throw new OptionsBindingException(optionPath, given.Location, $"the {descriptor.Key} takes no options");
        return (T)PluginActivator.Create(services, descriptor, bound);
    }
}
