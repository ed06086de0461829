using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Options;
using LossBench.Sdk.Plugins;

namespace LossBench.Host.Plugins;

/// <summary>
/// The host's <see cref="ILossFactory"/>, <see cref="IDatasetFactory"/> and <see cref="IAugmentationFactory"/>: resolves an entry in the
/// catalog and builds the plugin with its bound options. The catalog is set once discovery has
/// finished (plugins are probed before).
/// </summary>
public sealed class HostPluginFactory(IServiceProvider services) : ILossFactory, IDatasetFactory, IAugmentationFactory
{
    public PluginCatalog? Catalog { get; set; }

    public ILoss Create(ConfigNode entry, string path) => (ILoss)Build(PluginKind.Loss, entry, path);

    IDataset IDatasetFactory.Create(ConfigNode entry, string path) => (IDataset)Build(PluginKind.Dataset, entry, path);

    IAugmentation IAugmentationFactory.Create(ConfigNode entry, string path) => (IAugmentation)Build(PluginKind.Augmentation, entry, path);

    private object Build(PluginKind kind, ConfigNode entry, string path)
    {
        var catalog = Catalog ?? throw new InvalidOperationException("plugins cannot be built from other plugins before discovery has finished");
        var (name, options) = PluginEntry.Split(entry, path, PluginKinds.DisplayName(kind));
        PluginDescriptor descriptor;
        try
        {
            descriptor = catalog.Find(kind, name);
        }
        catch (PluginResolutionException e)
        {
            throw new OptionsBindingException(path, entry.Location, e.Message);
        }
        object? bound = null;
        if (descriptor.OptionsType is { } optionsType) bound = OptionsBinder.Bind(optionsType, options, $"{path}.{name}");
        else if (options is { Entries.Count: > 0 }) throw new OptionsBindingException($"{path}.{name}", options.Location, $"the {descriptor.Key} takes no options");
        return PluginActivator.Create(services, descriptor, bound);
    }
}
