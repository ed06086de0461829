using System.Reflection;
using LossBench.Host.Plugins;
using LossBench.Sdk.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Testing;

/// <summary>
/// One-line contract checks for plugin tests. Each throws a <see cref="PluginContractException"/>
/// naming the plugin, the check and what it found; each builds its own inputs with
/// <see cref="TestData"/> and frees every tensor it made.
/// <list type="bullet">
/// <item><see cref="Valid{TPlugin}"/>: the rules `lossbench list` applies when it discovers a plugin.</item>
/// <item><see cref="Loss{TLoss}"/>, <see cref="Augmentation{TAugmentation}"/>, <see cref="Evaluation{TEvaluation}"/>,
/// <see cref="Dataset{TDataset}"/>, <see cref="Model{TModel}"/>: the contract of each kind, run on the plugin built
/// from options given as YAML (all defaults when none), exactly as a benchmark would build it.</item>
/// </list>
/// </summary>
public static partial class PluginAssert
{
    /// <summary>
    /// The host's discovery rules for one plugin type: a [Plugin] attribute with a lower-case
    /// kebab-case name, a public concrete class of exactly one kind, one public constructor taking at
    /// most its options record (plus IPluginFactory or host services), an options type the host can
    /// bind, traits or metrics declared over its own options, and default options that pass its own
    /// validation. The message is the one `lossbench list` would print.
    /// </summary>
    public static void Valid<TPlugin>() => Valid(typeof(TPlugin));

    /// <inheritdoc cref="Valid{TPlugin}"/>
    public static void Valid(Type pluginType)
    {
        ArgumentNullException.ThrowIfNull(pluginType);
        using var services = new ServiceCollection().BuildServiceProvider();
        if (new PluginFolderLoader(services).Check(pluginType) is { } problem)
            throw new PluginContractException($"{NameOf(pluginType)} would not load in lossbench: {problem}");
    }

    /// <summary>The name benchmarks use for the plugin, or its type name when it has no [Plugin] attribute.</summary>
    internal static string NameOf(Type type) => type.GetCustomAttribute<PluginAttribute>()?.Name ?? type.Name;

    /// <summary>The plugin built as the host builds it, after the discovery rules.</summary>
    private static TPlugin Build<TPlugin>(string? optionsYaml, out object? options) where TPlugin : class
    {
        Valid<TPlugin>();
        var plugin = PluginOptions.Create<TPlugin>(optionsYaml);
        var optionsType = typeof(TPlugin).GetConstructors()[0].GetParameters()
            .Select(p => p.ParameterType).FirstOrDefault(t => t.IsClass && !t.IsAbstract);
        options = optionsType is null ? null : PluginOptions.Bind(optionsType, optionsYaml, NameOf(typeof(TPlugin)));
        return plugin;
    }

    /// <summary>What a plugin declares from its options (TraitsOf / MetricsOf), or null when it declares nothing.</summary>
    private static T? Declared<T>(Type pluginType, Type declaration, object? options, string method = "TraitsOf") where T : class =>
        PluginTraits.DeclarationOf(pluginType, declaration, method) is { } declared && declared.OptionsType.IsInstanceOfType(options)
            ? (T)declared.Method.Invoke(null, [options])!
            : null;

    private static PluginContractException Fail(string plugin, string check, string found) =>
        new($"{plugin}: {check}: {found}");
}
