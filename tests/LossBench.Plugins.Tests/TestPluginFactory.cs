using LossBench.Plugins.Augmentations;
using LossBench.Plugins.Datasets;
using LossBench.Plugins.Losses;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;

namespace LossBench.Plugins.Tests;

/// <summary>
/// Binds and builds built-in plugins by name without the host's discovery, for testing composite
/// plugins (combo, chain, shortcut) on their own: options are bound by the host's binder, with this
/// class binding the references inside them, and referenced plugins are built by name.
/// </summary>
internal sealed class TestPluginFactory : IPluginFactory, IPluginReferenceBinder
{
    private static readonly Dictionary<string, (Type Contract, Type? Options, Func<object?, TestPluginFactory, object> Build)> Known = new()
    {
        ["bce"] = (typeof(ILoss), typeof(BceOptions), (o, _) => new BceLoss((BceOptions)o!)),
        ["dice"] = (typeof(ILoss), typeof(OverlapOptions), (o, _) => new DiceLoss((OverlapOptions)o!)),
        ["focal"] = (typeof(ILoss), typeof(FocalOptions), (o, _) => new FocalLoss((FocalOptions)o!)),
        ["gce"] = (typeof(ILoss), typeof(GceOptions), (o, _) => new GceLoss((GceOptions)o!)),
        ["combo"] = (typeof(ILoss), typeof(ComboOptions), (o, f) => new ComboLoss((ComboOptions)o!, f)),
        ["none"] = (typeof(IAugmentation), null, (_, _) => new NoAugmentation()),
        ["flip"] = (typeof(IAugmentation), typeof(FlipOptions), (o, _) => new FlipAugmentation((FlipOptions)o!)),
        ["crop"] = (typeof(IAugmentation), typeof(CropOptions), (o, _) => new CropAugmentation((CropOptions)o!)),
        ["flip-crop"] = (typeof(IAugmentation), typeof(FlipCropOptions), (o, _) => new FlipCropAugmentation((FlipCropOptions)o!)),
        ["cutout"] = (typeof(IAugmentation), typeof(CutoutOptions), (o, _) => new CutoutAugmentation((CutoutOptions)o!)),
        ["random-erasing"] = (typeof(IAugmentation), typeof(RandomErasingOptions), (o, _) => new RandomErasingAugmentation((RandomErasingOptions)o!)),
        ["rand-augment"] = (typeof(IAugmentation), typeof(RandAugmentOptions), (o, _) => new RandAugmentAugmentation((RandAugmentOptions)o!)),
        ["gaussian-noise"] = (typeof(IAugmentation), typeof(GaussianNoiseOptions), (o, _) => new GaussianNoiseAugmentation((GaussianNoiseOptions)o!)),
        ["mixup"] = (typeof(IAugmentation), typeof(MixupOptions), (o, _) => new MixupAugmentation((MixupOptions)o!)),
        ["cutmix"] = (typeof(IAugmentation), typeof(CutmixOptions), (o, _) => new CutmixAugmentation((CutmixOptions)o!)),
        ["chain"] = (typeof(IAugmentation), typeof(ChainOptions), (o, f) => new ChainAugmentation((ChainOptions)o!, f)),
        ["mnist-10k"] = (typeof(IDataset), typeof(Mnist10kOptions), (o, _) => new Mnist10kDataset((Mnist10kOptions)o!)),
    };

    /// <summary>The plugin a flow-style entry names, e.g. <c>{ cutout: { size: 4 } }</c>, bound at <paramref name="path"/>.</summary>
    public T Create<T>(string flow, string path = "entry") where T : class => Create((PluginReference<T>)Bind(typeof(T), FlowText.Parse(flow), path));

    /// <summary>Options bound as the host would bind them, references included.</summary>
    public T Options<T>(string flow, string path = "options") where T : class => OptionsBinder.Bind<T>((ConfigMapping)FlowText.Parse(flow), path, this);

    public TContract Create<TContract>(PluginReference<TContract> reference) where TContract : class =>
        (TContract)Known[reference.Name].Build(reference.Options, this);

    public object Bind(Type contract, ConfigNode entry, string path)
    {
        var (name, options) = entry switch
        {
            ConfigScalar scalar => (scalar.Text, (ConfigMapping?)null),
            ConfigMapping { Entries.Count: 1 } mapping => (mapping.Entries[0].Key, mapping.Entries[0].Value as ConfigMapping),
            _ => throw new OptionsBindingException(path, entry.Location, "expected a plugin entry"),
        };
        if (!Known.TryGetValue(name, out var known) || known.Contract != contract)
            throw new OptionsBindingException(path, entry.Location, $"no {contract.Name} plugin is named '{name}'");
        var bound = known.Options is null ? null : OptionsBinder.Bind(known.Options, options, $"{path}.{name}", this);
        return Activator.CreateInstance(typeof(PluginReference<>).MakeGenericType(contract), name, bound, "{}")!;
    }
}
