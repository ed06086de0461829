using LossBench.Plugins.Augmentations;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Options;

namespace LossBench.Plugins.Tests;

/// <summary>An <see cref="IAugmentationFactory"/> over the built-in augmentations, for testing chains without the host.</summary>
internal sealed class TestAugmentationFactory : IAugmentationFactory
{
    public IAugmentation Create(ConfigNode entry, string path)
    {
        var (name, options) = entry switch
        {
            ConfigScalar scalar => (scalar.Text, (ConfigMapping?)null),
            ConfigMapping mapping => (mapping.Entries[0].Key, mapping.Entries[0].Value as ConfigMapping),
            _ => throw new OptionsBindingException(path, entry.Location, "expected an augmentation"),
        };
        return name switch
        {
            "none" => new NoAugmentation(),
            "flip" => new FlipAugmentation(OptionsBinder.Bind<FlipOptions>(options, path)),
            "crop" => new CropAugmentation(OptionsBinder.Bind<CropOptions>(options, path)),
            "flip-crop" => new FlipCropAugmentation(OptionsBinder.Bind<FlipCropOptions>(options, path)),
            "cutout" => new CutoutAugmentation(OptionsBinder.Bind<CutoutOptions>(options, path)),
            "random-erasing" => new RandomErasingAugmentation(OptionsBinder.Bind<RandomErasingOptions>(options, path)),
            "rand-augment" => new RandAugmentAugmentation(OptionsBinder.Bind<RandAugmentOptions>(options, path)),
            "gaussian-noise" => new GaussianNoiseAugmentation(OptionsBinder.Bind<GaussianNoiseOptions>(options, path)),
            "mixup" => new MixupAugmentation(OptionsBinder.Bind<MixupOptions>(options, path)),
            "cutmix" => new CutmixAugmentation(OptionsBinder.Bind<CutmixOptions>(options, path)),
            "chain" => new ChainAugmentation(OptionsBinder.Bind<ChainOptions>(options, path), this),
            _ => throw new OptionsBindingException(path, entry.Location, $"no augmentation plugin is named '{name}'"),
        };
    }

    /// <summary>The augmentation a flow-style entry names, e.g. <c>{ cutout: { size: 4 } }</c>.</summary>
    public IAugmentation Create(string flow) => Create(TestLossFactory.ParseFlow(flow), "augmentation");
}
