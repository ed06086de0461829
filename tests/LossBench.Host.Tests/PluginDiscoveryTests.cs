using LossBench.Host.Cli;
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
        Assert.Contains("more than one", ReasonFor("TwoKinds"));
        Assert.Contains("'Fixture_Bad_Name' is not lower-case kebab-case", ReasonFor("BadName"));
        Assert.Contains("parameterless constructor", ReasonFor("BadOptions"));
        // Its default gamma = 12 breaks its own [Range(0, 10)]: the option is named.
        Assert.StartsWith("its default options are invalid: gamma: the value must be between 0 and 10", ReasonFor("BadDefaultLoss"), StringComparison.Ordinal);
        Assert.Contains("asks for IComparer<Int32> (comparer), which the tool does not provide", ReasonFor("NeedsServiceLoss"));
        Assert.Equal(6, catalog.Failures.Count);
        Assert.Empty(catalog.Warnings);
        // The plugin whose constructor throws is not constructed at discovery, so it is listed as usable.
        Assert.Equal(["fixture-good", "fixture-throws", "private-dependency"], catalog.Plugins.Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DiscoveryConstructsNothingSoAThrowingConstructorFailsOnlyWhenACellBuildsIt()
    {
        using var layout = new PluginLayout();
        layout.Add("Fixture.Broken");
        using var services = PluginServices.Build(Only(layout.Root));
        var catalog = services.GetRequiredService<PluginCatalog>();

        Assert.Equal("test fixture: its constructor throws", catalog.Find(PluginKind.Loss, "fixture-throws").Summary);
        Assert.DoesNotContain(catalog.Failures, f => f.TypeName == "Fixture.Broken.ThrowingLoss");

        var runtime = services.GetRequiredService<PluginRuntime>();
        using var scope = runtime.OpenScope();
        var error = Assert.Throws<PluginConstructionException>(() => scope.Get<ILoss>(runtime.Value(PluginKind.Loss, new ConfigScalar("fixture-throws"), "losses[0]")));
        Assert.Equal("the loss 'fixture-throws' could not be built: InvalidOperationException: fixture constructor refuses", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
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
        var runtime = services.GetRequiredService<PluginRuntime>();
        using var scope = runtime.OpenScope();
        var value = runtime.Value(PluginKind.Loss, new ConfigScalar("private-dependency"), "losses[0]");
        Assert.IsAssignableFrom<ILoss>(scope.Get<ILoss>(value));
        Assert.Equal(LossTraits.Default, runtime.Traits.Loss(value.Plugin, value.BoundOptions));
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
    public void TheRuntimeBindsOptionsAndReportsTyposWithSuggestions()
    {
        using var layout = new PluginLayout();
        layout.Add("Fixture.Broken");
        using var services = PluginServices.Build(Only(layout.Root));
        var runtime = services.GetRequiredService<PluginRuntime>();
        using var scope = runtime.OpenScope();
        ILoss Create(string name, ConfigMapping? options, string path) =>
            scope.Get<ILoss>(runtime.Value(PluginKind.Loss, options is null ? new ConfigScalar(name) : new ConfigMapping([new(name, options)]), path));

        var loss = Create("fixture-good", ConfigMapping.Of(("weight", 2.5)), "losses[1]");
        Assert.Equal(2.5, (double)loss.GetType().GetProperty("Options")!.GetValue(loss)!.GetType().GetProperty("Weight")!.GetValue(
            loss.GetType().GetProperty("Options")!.GetValue(loss))!);

        var typo = Assert.Throws<OptionsBindingException>(() => Create("fixture-god", null, "losses[1]"));
        Assert.Contains("no loss plugin is named 'fixture-god' (did you mean 'fixture-good'?)", typo.Message);

        var badValue = Assert.Throws<OptionsBindingException>(() =>
            Create("fixture-good", ConfigMapping.Of(("weight", "heavy")), "losses[1]"));
        Assert.Equal("losses[1].fixture-good.weight", badValue.OptionPath);
        Assert.Contains("expected number", badValue.Message);

        var outOfRange = Assert.Throws<OptionsBindingException>(() =>
            Create("fixture-good", ConfigMapping.Of(("weight", 11)), "losses[1]"));
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

    [Fact]
    public void AThirdPartyPluginMayNotTakeABuiltInsNameAndTheBuiltInStaysUsable()
    {
        using var tool = new PluginLayout();
        var builtIn = tool.Add("Fixture.Broken", Path.Combine("plugins", "Fixture.Broken"));
        using var others = new PluginLayout();
        var first = others.Add("Fixture.Broken", "first");
        var second = others.Add("Fixture.Broken", "second");

        var catalog = Discover(new PluginSearchPath(tool.Root, null, null, [others.Root]));

        var plugin = catalog.Find(PluginKind.Loss, "fixture-good");
        Assert.Equal(builtIn, plugin.Folder.Path);
        Assert.Equal(PluginOrigin.Tool, plugin.Folder.Origin);
        // Both outside copies are refused by name, each with its own folder; neither is a conflict with the other.
        foreach (var folder in (string[])[first, second])
        {
            var refused = Assert.Single(catalog.Failures, f => f.Folder == folder && f.TypeName == "Fixture.Broken.GoodLoss");
            Assert.Equal($"the loss 'fixture-good' is a built-in; a plugin from {folder} may not take its name: rename it", refused.Reason);
            Assert.Contains(catalog.Failures, f => f.Folder == folder && f.TypeName == "Fixture.Broken.ThrowingLoss" && f.Reason.StartsWith("the loss 'fixture-throws' is a built-in", StringComparison.Ordinal));
        }
        Assert.Empty(catalog.Conflicts);
        Assert.All(catalog.Plugins, p => Assert.Equal(PluginOrigin.Tool, p.Folder.Origin));
    }

    [Fact]
    public void APluginThatWouldRunAgainstTheToolsCopyOfAPackageLoadsWithAWarning()
    {
        using var layout = new PluginLayout();
        var folder = layout.Add("Fixture.HostPackage");
        Assert.False(File.Exists(Path.Combine(folder, "MathNet.Numerics.dll")), "the fixture must be built without EnableDynamicLoading");

        var catalog = Discover(Only(layout.Root));

        var plugin = catalog.Find(PluginKind.Loss, "host-package");
        Assert.Empty(catalog.Failures);
        var warning = Assert.Single(catalog.Warnings);
        Assert.Equal(folder, warning.Folder);
        // The fixture is built against the package version the tool uses (one central version), so the majors agree.
        var tools = typeof(MathNet.Numerics.SpecialFunctions).Assembly.GetName().Version!;
        Assert.StartsWith($"references MathNet.Numerics {tools} but its folder does not hold it, so it runs against the tool's {tools}: " +
                          "build it with <EnableDynamicLoading>true</EnableDynamicLoading>", warning.Message, StringComparison.Ordinal);
        // What the warning says is what happens: the plugin's MathNet.Numerics is the tool's.
        Assert.Equal(tools.ToString(), (string)plugin.ImplementationType.GetProperty("MathNetVersion")!.GetValue(null)!);
    }

    [Fact]
    public void APluginThatWouldRunAgainstAnotherMajorVersionOfAPackageIsRefused()
    {
        using var layout = new PluginLayout();
        var folder = layout.Add("Fixture.HostPackageOld");
        layout.Add("Fixture.HostPackage");

        var catalog = Discover(Only(layout.Root));

        var failure = Assert.Single(catalog.Failures);
        Assert.Equal(folder, failure.Folder);
        Assert.Null(failure.TypeName);
        var tools = typeof(MathNet.Numerics.SpecialFunctions).Assembly.GetName().Version!;
        Assert.Equal($"references MathNet.Numerics 4.15.0.0 but its folder does not hold it, so it would run against the tool's {tools}, another major version: " +
                     "build it with <EnableDynamicLoading>true</EnableDynamicLoading>, so that its own copy travels in its folder", failure.Reason);
        Assert.DoesNotContain(catalog.Plugins, p => p.Name == "host-package-old");
        Assert.Contains(catalog.Plugins, p => p.Name == "host-package");
        Assert.DoesNotContain(catalog.Warnings, w => w.Folder == folder);
    }

    [Fact]
    public void PluginsThatShipTheirOwnCopiesGiveNoWarnings()
    {
        // The attacks and augmentations use MathNet.Numerics, as the tool does, and carry their own copy.
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "plugins", "LossBench.Plugins.Attacks", "MathNet.Numerics.dll")));
        Assert.Contains(BuiltInCatalog.Catalog.Plugins, p => p.Folder.Path.EndsWith("LossBench.Plugins.Attacks", StringComparison.Ordinal));
        Assert.Empty(BuiltInCatalog.Catalog.Warnings);
        Assert.DoesNotContain(BuiltInCatalog.Catalog.Failures, f => f.Folder.Contains("LossBench.Plugins.", StringComparison.Ordinal));
    }

    [Fact]
    public void AnOptionWithoutADefaultIsRequiredRatherThanAnInvalidDefault()
    {
        // combo's terms and chain's list have no default (null): their validation asks for them, which
        // makes them required options. The plugins load; a benchmark that names them without options is refused.
        var catalog = BuiltInCatalog.Catalog;
        Assert.Null(OptionsDefault(catalog.Find(PluginKind.Loss, "combo"), "Terms"));
        Assert.Null(OptionsDefault(catalog.Find(PluginKind.Augmentation, "chain"), "Of"));
        var error = Assert.Throws<OptionsBindingException>(() => OptionsBinder.Bind(catalog.Find(PluginKind.Loss, "combo").OptionsType!, null, "losses[0].combo"));
        Assert.Equal("losses[0].combo.terms", error.OptionPath);
    }

    private static object? OptionsDefault(PluginDescriptor plugin, string property) =>
        plugin.OptionsType!.GetProperty(property)!.GetValue(Activator.CreateInstance(plugin.OptionsType));

    [Fact]
    public void ListAndDoctorPrintTheWarning()
    {
        using var layout = new PluginLayout();
        var folder = layout.Add("Fixture.HostPackage");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = CliApp.Run(["list", "--plugins", layout.Root], output, error, new CliEnvironment(null, null, null));

        Assert.Equal(0, code);
        var text = output.ToString();
        var warnings = text.IndexOf("warnings (1): these loaded, but should be rebuilt", StringComparison.Ordinal);
        Assert.True(warnings > text.IndexOf("host-package  [loss]", StringComparison.Ordinal), text);
        var tools = typeof(MathNet.Numerics.SpecialFunctions).Assembly.GetName().Version!;
        Assert.Contains($"  {folder}: references MathNet.Numerics {tools} but its folder does not hold it", text[warnings..]);

        using var doctorOutput = new StringWriter();
        var doctorCode = CliApp.Run(["doctor", "--plugins", layout.Root], doctorOutput, error, new CliEnvironment(null, null, null));
        Assert.Equal(0, doctorCode); // a warning is not a failure
        Assert.Contains($"{folder}: host-package (loss); 1 warning(s)", doctorOutput.ToString());
        Assert.Contains($"  WARNING {folder}: references MathNet.Numerics {tools}", doctorOutput.ToString());
    }

    [Fact]
    public void TheContentHashCoversTheAssemblyAndItsManifest()
    {
        // (What the hash leaves out, build location and debug identifiers: AssemblyContentHashTests.)
        using var layout = new PluginLayout();
        var original = layout.Add("Fixture.PrivateDependency", "original");
        var copy = layout.Add("Fixture.PrivateDependency", "copy");
        var changedAssembly = layout.Add("Fixture.PrivateDependency", "changed-assembly");
        var changedManifest = layout.Add("Fixture.PrivateDependency", "changed-manifest");
        // One byte of code: the last IL byte of Compute (its ret), which nothing here runs, so the assembly still loads.
        var dll = Path.Combine(changedAssembly, "Fixture.PrivateDependency.dll");
        var bytes = File.ReadAllBytes(dll);
        using (var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(File.ReadAllBytes(dll))))
        {
            var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            var compute = metadata.MethodDefinitions.Select(metadata.GetMethodDefinition).Single(m => metadata.GetString(m.Name) == "Compute");
            var body = System.Reflection.Metadata.PEReaderExtensions.GetMethodBody(pe, compute.RelativeVirtualAddress);
            Assert.True(pe.PEHeaders.TryGetDirectoryOffset(new System.Reflection.PortableExecutable.DirectoryEntry(compute.RelativeVirtualAddress, body.Size), out var offset));
            Assert.Equal(0x2A, bytes[offset + body.Size - 1]); // ret
            bytes[offset + body.Size - 1] = 0x00; // nop
        }
        File.WriteAllBytes(dll, bytes);
        File.AppendAllText(Path.Combine(changedManifest, "Fixture.PrivateDependency.deps.json"), "\n");

        using var services = new ServiceCollection().BuildServiceProvider();
        var loader = new PluginFolderLoader(services);
        string HashOf(string folder) =>
            Assert.Single(loader.Load(new PluginFolder(folder, PluginOrigin.CommandLine)).Plugins).ContentHash;

        Assert.Matches("^[0-9a-f]{64}$", HashOf(original));
        Assert.Equal(HashOf(original), HashOf(copy));
        Assert.NotEqual(HashOf(original), HashOf(changedAssembly));
        Assert.NotEqual(HashOf(original), HashOf(changedManifest));
        Assert.NotEqual(HashOf(changedAssembly), HashOf(changedManifest));
    }

    [Fact]
    public void AFolderWithTwoPluginAssembliesIsAFailureNamingBoth()
    {
        using var layout = new PluginLayout();
        var mixed = layout.Add("Fixture.Broken", "mixed");
        foreach (var file in Directory.EnumerateFiles(layout.Add("Fixture.PrivateDependency", "source")))
            File.Copy(file, Path.Combine(mixed, Path.GetFileName(file)));
        Directory.Delete(Path.Combine(layout.Root, "source"), recursive: true);

        var catalog = Discover(Only(layout.Root));

        var failure = Assert.Single(catalog.Failures);
        Assert.Equal(mixed, failure.Folder);
        Assert.Contains("it holds 2 assemblies with a .deps.json (Fixture.Broken.dll, Fixture.PrivateDependency.dll)", failure.Reason);
        Assert.Empty(catalog.Plugins);
    }
}
