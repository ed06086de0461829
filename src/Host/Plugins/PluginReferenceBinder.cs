using LossBench.Sdk.Plugins;

namespace LossBench.Host.Plugins;

/// <summary>
/// Binds plugin references inside options (a combination's terms, a chain's members, a derived data
/// set's base) against the catalog: the plugin named, its options bound recursively with their full
/// YAML path, and its identity.
/// </summary>
public sealed class PluginReferenceBinder(PluginCatalog catalog) : IPluginReferenceBinder
{
    public object Bind(Type contract, ConfigNode entry, string path)
    {
        var kind = PluginKinds.All.FirstOrDefault(k => PluginKinds.ContractOf(k) == contract);
        if (PluginKinds.ContractOf(kind) != contract)
            throw new OptionsBindingException(path, entry.Location, $"PluginReference<{contract.Name}> does not name a plugin kind");
        var (descriptor, options) = Resolve(kind, entry, path);
        var bound = BindOptions(descriptor, options, $"{path}.{descriptor.Name}");
        var identity = CanonicalJsonText(descriptor, bound);
        return Activator.CreateInstance(typeof(PluginReference<>).MakeGenericType(contract), descriptor.Name, bound, identity)!;
    }

    /// <summary>The plugin an entry (<c>name</c> or <c>name: { options }</c>) names and its options as written; an unknown name is an error at <paramref name="path"/>.</summary>
    public (PluginDescriptor Plugin, ConfigMapping? Options) Resolve(PluginKind kind, ConfigNode entry, string path)
    {
        var (name, options) = PluginEntry.Split(entry, path, PluginKinds.DisplayName(kind));
        try
        {
            return (catalog.Find(kind, name), options);
        }
        catch (PluginResolutionException e)
        {
            throw new OptionsBindingException(path, entry.Location, e.Message);
        }
    }

    /// <summary>A plugin's options record bound from <paramref name="options"/> (defaults when null), or null when it takes none.</summary>
    public object? BindOptions(PluginDescriptor descriptor, ConfigMapping? options, string path)
    {
        if (descriptor.OptionsType is { } optionsType) return OptionsBinder.Bind(optionsType, options, path, this);
        if (options is { Entries.Count: > 0 } given)
        {
            var (key, value) = given.Entries[0];
            throw new OptionsBindingException($"{path}.{key}", value.Location ?? given.Location, $"the {descriptor.Key} takes no options");
        }
        return null;
    }

    private static string CanonicalJsonText(PluginDescriptor descriptor, object? bound) =>
        Matrix.CanonicalJson.Serialize(PluginIdentity.Of(descriptor, bound));
}
