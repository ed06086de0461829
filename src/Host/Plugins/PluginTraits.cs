using System.Collections;
using System.Reflection;
using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Evaluations;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;

namespace LossBench.Host.Plugins;

/// <summary>
/// A plugin's traits from its options alone, without constructing it: what it declares through
/// IDeclaresLossTraits / IDeclaresAugmentationTraits / IDeclaresDatasetTraits (a static
/// <c>TraitsOf(options)</c>), joined with the traits of every plugin its options reference (a
/// combination needs hard labels when a term does; a chain mixes targets when a member does).
/// </summary>
public sealed class PluginTraits(PluginCatalog catalog)
{
    public LossTraits Loss(PluginDescriptor plugin, object? options) =>
        Collect(plugin, options, typeof(IDeclaresLossTraits<>), LossTraits.Default, (a, b) => a.Union(b));

    public AugmentationTraits Augmentation(PluginDescriptor plugin, object? options) =>
        Collect(plugin, options, typeof(IDeclaresAugmentationTraits<>), AugmentationTraits.Default, (a, b) => a.Union(b));

    public DatasetTraits Dataset(PluginDescriptor plugin, object? options) =>
        Collect(plugin, options, typeof(IDeclaresDatasetTraits<>), DatasetTraits.Default,
            (a, b) => new DatasetTraits { HasBiasAttribute = a.HasBiasAttribute || b.HasBiasAttribute });

    /// <summary>
    /// The metric names an evaluation declares for these options (<see cref="IDeclaresMetrics{TOptions}"/>),
    /// or null when it declares none (then any name is taken on trust).
    /// </summary>
    public static IReadOnlyList<string>? Metrics(PluginDescriptor plugin, object? options) =>
        DeclarationOf(plugin.ImplementationType, typeof(IDeclaresMetrics<>), nameof(IDeclaresMetrics<object>.MetricsOf)) is { } declared &&
        declared.OptionsType.IsInstanceOfType(options)
            ? (IReadOnlyList<string>)declared.Method.Invoke(null, [options])!
            : null;

    /// <summary>
    /// The static TraitsOf (or <paramref name="methodName"/>) of a plugin type that implements
    /// <paramref name="declaration"/> (an open generic interface), with the options type it takes;
    /// null when it declares none. Discovery checks that the options type is the plugin's own.
    /// </summary>
    public static (MethodInfo Method, Type OptionsType)? DeclarationOf(Type implementation, Type declaration, string methodName = "TraitsOf")
    {
        var declared = implementation.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == declaration);
        if (declared is null) return null;
        var optionsType = declared.GetGenericArguments()[0];
        var method = implementation.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static, [optionsType])
                     ?? throw new InvalidOperationException($"{implementation.FullName} implements {declaration.Name} without a public static {methodName}({optionsType.Name})");
        return (method, optionsType);
    }

    private T Collect<T>(PluginDescriptor plugin, object? options, Type declaration, T none, Func<T, T, T> union) where T : class
    {
        var own = none;
        if (DeclarationOf(plugin.ImplementationType, declaration) is { } declared && declared.OptionsType.IsInstanceOfType(options))
            own = (T)declared.Method.Invoke(null, [options])!;
        else if (declaration == typeof(IDeclaresLossTraits<>) && typeof(IDeclaresLossTraits).IsAssignableFrom(plugin.ImplementationType))
            own = (T)plugin.ImplementationType.GetProperty(nameof(IDeclaresLossTraits.Traits), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        foreach (var (name, referencedOptions) in References(options, PluginKinds.ContractOf(plugin.Kind)))
            own = union(own, Collect(catalog.Find(plugin.Kind, name), referencedOptions, declaration, none, union));
        return own;
    }

    /// <summary>Every plugin reference of <paramref name="contract"/> in the options, at any depth (lists, nested records).</summary>
    private static IEnumerable<(string Name, object? Options)> References(object? value, Type contract)
    {
        switch (value)
        {
            case null or string or ValueType:
                yield break;
            case IDictionary dictionary:
                foreach (var item in dictionary.Values)
                    foreach (var found in References(item, contract)) yield return found;
                yield break;
            case IEnumerable items:
                foreach (var item in items)
                    foreach (var found in References(item, contract)) yield return found;
                yield break;
        }
        var type = value.GetType();
        if (OptionsBinder.ReferenceContractOf(type) is { } referenced)
        {
            // A reference of another kind (a data set's base inside a loss's options) carries no traits of this kind.
            if (referenced == contract)
                yield return ((string)type.GetProperty(nameof(PluginReference<object>.Name))!.GetValue(value)!, type.GetProperty(nameof(PluginReference<object>.Options))!.GetValue(value));
            yield break;
        }
        foreach (var property in OptionsBinder.OptionProperties(type))
            foreach (var found in References(property.GetValue(value), contract)) yield return found;
    }
}
