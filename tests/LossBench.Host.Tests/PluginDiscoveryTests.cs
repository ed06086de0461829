using System.Reflection;
using System.Runtime.Loader;
using LossBench.Host.Plugins;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Options;
using LossBench.Sdk.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Tests;

public sealed class PluginDiscoveryTests
{
    private static PluginSearchPath Only(params string[] directories) => new(null, null, null, directories);

    private static PluginCatalog Discover(PluginSearchPath path)
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        return PluginCatalog.Discover(path, services);
    }

    [Fact]
    public void BrokenPluginsAreListedWithTheirReasonAndTheRestLoad()
    {
        using var layout = new PluginLayout();
        var broken = layout.Add("Fixture.Broken");
        layout.Add("Fixture.PrivateDependency");

        var catalog = Discover(Only(layout.Root));

        Assert.Contains(catalog.Plugins, p => p.Name == "fixture-good" && p.Kind == PluginKind.Loss);
        Assert.Contains(catalog.Plugins, p => p.Name == "private-dependency");
        string ReasonFor(string typeName) =>
            Assert.Single(catalog.Failures, f => f.TypeName == "Fixture.Broken." + typeName && f.Folder == broken).Reason;
        Assert.Contains("implements none of IDataset, IModel, ILoss, IAugmentation, IEvaluation", ReasonFor("NoKind"));
        Assert.Contains("fixture constructor refuses", ReasonFor("ThrowingLoss"));
        Assert.Contains("InvalidOperationException", ReasonFor("ThrowingLoss"));
        Assert.Contains("more than one", ReasonFor("TwoKinds"));
        Assert.Contains("'Fixture_Bad_Name' is not lower-case kebab-case", ReasonFor("BadName"));
        Assert.Contains("parameterless constructor", ReasonFor("BadOptions"));
        Assert.Equal(5, catalog.Failures.Count);
        Assert.DoesNotContain(catalog.Plugins, p => p.Name.StartsWith("fixture-", StringComparison.Ordinal) && p.Name != "fixture-good");
    }

    [Fact]
    public void AMissingDependencyFailsItsFolderOnlyAndIsNamed()
    {
        using var layout = new PluginLayout();
        var folder = layout.Add("Fixture.PrivateDependency");
        File.Delete(Path.Combine(folder, "Fixture.Helper.dll"));
        layout.Add("Fixture.Broken");

        var catalog = Discover(Only(layout.Root));

        var failure = Assert.Single(catalog.Failures, f => f.Folder == folder);
        Assert.Null(failure.TypeName);
        Assert.Contains("missing dependency Fixture.Helper", failure.Reason);
        Assert.DoesNotContain(catalog.Plugins, p => p.Name == "private-dependency");
        Assert.Contains(catalog.Plugins, p => p.Name == "fixture-good");
    }

    [Fact]
    public void TwoPluginsOfOneKindAndNameAreAnErrorNamingBothFolders()
    {
        using var layout = new PluginLayout();
        var first = layout.Add("Fixture.PrivateDependency", "first-copy");
        var second = layout.Add("Fixture.PrivateDependency", "second-copy");

        var catalog = Discover(Only(layout.Root));

        var conflict = Assert.Single(catalog.Conflicts);
        Assert.Equal(new PluginKey(PluginKind.Loss, "private-dependency"), conflict.Key);
        Assert.Contains(first, conflict.Message);
        Assert.Contains(second, conflict.Message);
        Assert.DoesNotContain(catalog.Plugins, p => p.Name == "private-dependency");
        var error = Assert.Throws<PluginResolutionException>(() => catalog.Find(PluginKind.Loss, "private-dependency"));
        Assert.Contains(first, error.Message);
        Assert.Contains(second, error.Message);
    }

    [Fact]
    public void APrivateDependencyLoadsAtItsOwnVersionWhileSdkTypesAreShared()
    {
        using var layout = new PluginLayout();
        layout.Add("Fixture.PrivateDependency");
        using var services = PluginServices.Build(Only(layout.Root));
        var catalog = services.GetRequiredService<PluginCatalog>();

        var descriptor = catalog.Find(PluginKind.Loss, "private-dependency");
        var pluginType = descriptor.ImplementationType;

        // The plugin runs with its own YamlDotNet 13.7, loaded in its own context...
        var pluginYaml = (string)pluginType.GetProperty("YamlDotNetVersion")!.GetValue(null)!;
        Assert.StartsWith("13.", pluginYaml, StringComparison.Ordinal);
        Assert.Equal("Fixture.PrivateDependency", (string)pluginType.GetProperty("YamlDotNetContext")!.GetValue(null)!);
        // ...while the host has another version of the same library.
        var hostYaml = typeof(YamlDotNet.Serialization.Deserializer).Assembly.GetName().Version!;
        Assert.Equal(16, hostYaml.Major);
        // Both private libraries work: YAML "1.5" parsed by YamlDotNet 13, doubled by Fixture.Helper.
        Assert.Equal(3.0, (double)pluginType.GetMethod("ParseAndScale")!.Invoke(null, ["1.5"])!);

        // ...and its ILoss is the host's ILoss: one LossBench.Sdk, from the host.
        Assert.Same(typeof(ILoss).Assembly, pluginType.GetInterfaces().Single(i => i.Name == "ILoss").Assembly);
        var loss = services.GetRequiredService<PluginFactory>().Create<ILoss>("private-dependency", null, "losses[0]");
        Assert.IsAssignableFrom<ILoss>(loss);
        Assert.Equal(LossTraits.Default, loss.Traits);
    }

    [Fact]
    public void TheBuiltInHelperLibraryLoadsFromEachPluginFolderThatCarriesItAndNotFromTheHost()
    {
        using var layout = new PluginLayout();
        var datasets = layout.Add("LossBench.Plugins.Datasets");
        var augmentations = layout.Add("LossBench.Plugins.Augmentations");
        var catalog = Discover(Only(layout.Root));

        Assembly HelperOf(string plugin, PluginKind kind)
        {
            var context = AssemblyLoadContext.GetLoadContext(catalog.Find(kind, plugin).ImplementationType.Assembly)!;
            Assert.NotSame(AssemblyLoadContext.Default, context);
            return Assert.Single(context.Assemblies, a => a.GetName().Name == "LossBench.PluginSupport");
        }
        var forDatasets = HelperOf("mnist-10k", PluginKind.Dataset);
        var forAugmentations = HelperOf("flip", PluginKind.Augmentation);
        Assert.Equal(Path.Combine(datasets, "LossBench.PluginSupport.dll"), forDatasets.Location);
        Assert.Equal(Path.Combine(augmentations, "LossBench.PluginSupport.dll"), forAugmentations.Location);
        // One copy per folder, and neither is the host's: no helper type can reach another plugin or the host.
        Assert.NotSame(forDatasets, forAugmentations);
        Assert.NotSame(typeof(PluginSupport.Datasets.SplitCorruptor).Assembly, forDatasets);
        // The contracts stay the host's.
        Assert.DoesNotContain(AssemblyLoadContext.GetLoadContext(forDatasets)!.Assemblies, a => a.GetName().Name is "LossBench.Sdk" or "LossBench.Torch");
    }

    [Fact]
    public void TheFactoryBindsOptionsAndReportsTyposWithSuggestions()
    {
        using var layout = new PluginLayout();
        layout.Add("Fixture.Broken");
        using var services = PluginServices.Build(Only(layout.Root));
        var factory = services.GetRequiredService<PluginFactory>();

        var loss = factory.Create<ILoss>("fixture-good", ConfigMapping.Of(("weight", 2.5)), "losses[1].fixture-good");
        Assert.Equal(2.5, (double)loss.GetType().GetProperty("Options")!.GetValue(loss)!.GetType().GetProperty("Weight")!.GetValue(
            loss.GetType().GetProperty("Options")!.GetValue(loss))!);

        var typo = Assert.Throws<PluginResolutionException>(() => factory.Create<ILoss>("fixture-god", null, "losses[1]"));
        Assert.Contains("no loss plugin is named 'fixture-god' (did you mean 'fixture-good'?)", typo.Message);

        var badValue = Assert.Throws<OptionsBindingException>(() =>
            factory.Create<ILoss>("fixture-good", ConfigMapping.Of(("weight", "heavy")), "losses[1].fixture-good"));
        Assert.Equal("losses[1].fixture-good.weight", badValue.OptionPath);
        Assert.Contains("expected number", badValue.Message);

        var outOfRange = Assert.Throws<OptionsBindingException>(() =>
            factory.Create<ILoss>("fixture-good", ConfigMapping.Of(("weight", 11)), "losses[1].fixture-good"));
        Assert.Equal("losses[1].fixture-good.weight", outOfRange.OptionPath);
        Assert.Contains("between 0 and 10", outOfRange.Message);
    }

    [Fact]
    public void AFolderWithoutAPluginAssemblyAndAMissingDirectoryAreFailures()
    {
        using var layout = new PluginLayout();
        var empty = Path.Combine(layout.Root, "empty-folder");
        Directory.CreateDirectory(empty);
        File.WriteAllText(Path.Combine(empty, "README.txt"), "not a plugin");
        var missing = Path.Combine(layout.Root, "does-not-exist");

        var catalog = Discover(Only(layout.Root, missing));

        Assert.Contains(catalog.Failures, f => f.Folder == empty && f.Reason.StartsWith("no plugin assembly", StringComparison.Ordinal));
        Assert.Contains(catalog.Failures, f => f.Folder == missing && f.Reason.Contains("does not exist", StringComparison.Ordinal) && f.Reason.Contains("--plugins", StringComparison.Ordinal));
    }

    [Fact]
    public void APluginFolderCanBeGivenDirectlyAndTheSameFolderCountsOnce()
    {
        using var layout = new PluginLayout();
        var folder = layout.Add("Fixture.PrivateDependency");

        var catalog = Discover(new PluginSearchPath(null, null, folder, [folder, layout.Root]));

        Assert.Single(catalog.Folders);
        Assert.Equal(PluginOrigin.Environment, catalog.Folders[0].Origin);
        Assert.Empty(catalog.Conflicts);
        Assert.Single(catalog.Plugins, p => p.Name == "private-dependency");
    }
}
