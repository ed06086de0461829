using System.Reflection;
using LossBench.Host.Config;
using LossBench.Host.Options;
using LossBench.Sdk.Plugins;

namespace LossBench.Testing;

/// <summary>
/// Options bound from YAML exactly as the host binds a benchmark's entry: the host's YAML reader and
/// options binder (kebab-case keys, defaults, DataAnnotations and IValidatableObject validation),
/// with the host's error messages.
/// </summary>
public static class PluginOptions
{
    /// <summary>The file name the YAML's error locations carry.</summary>
    public const string SourceName = "options.yaml";

    /// <summary>
    /// Binds <paramref name="yaml"/>, a mapping such as <c>"gamma: 2"</c> or <c>"{ gamma: 2 }"</c>
    /// (empty or null: every default), to <typeparamref name="TOptions"/>.
    /// </summary>
    /// <param name="path">The option path messages start with: in a benchmark, <c>losses[0].focal</c>.</param>
    /// <exception cref="PluginOptionsException">The host would refuse the options; the message is its own.</exception>
    public static TOptions Bind<TOptions>(string? yaml = null, string path = "options") where TOptions : class =>
        (TOptions)Bind(typeof(TOptions), yaml, path);

    /// <inheritdoc cref="Bind{TOptions}"/>
    public static object Bind(Type optionsType, string? yaml, string path = "options")
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        try
        {
            if (OptionsBinder.CheckPluginOptionsType(optionsType) is { } problem) throw new OptionsBindingException(path, null, problem);
            return OptionsBinder.Bind(optionsType, Mapping(yaml), path);
        }
        catch (Exception e) when (e is OptionsBindingException or ConfigException)
        {
            throw new PluginOptionsException(e.Message, e);
        }
    }

    /// <summary>
    /// The host's message for options it refuses (what `lossbench run` prints after "error: "), for
    /// tests that pin an error: fails when the options bind.
    /// </summary>
    public static string ErrorOf<TOptions>(string yaml, string path = "options") where TOptions : class
    {
        try
        {
            Bind<TOptions>(yaml, path);
        }
        catch (PluginOptionsException e)
        {
            return e.Message;
        }
        throw new PluginContractException($"expected the options {{ {yaml} }} to be refused, but they bound to a {typeof(TOptions).Name}");
    }

    /// <summary>
    /// Builds the plugin as the host does: options bound from <paramref name="yaml"/> (all defaults when
    /// null) and given to its one public constructor. A plugin that references other plugins
    /// (<see cref="IPluginFactory"/>) needs the host's catalog: test it through `lossbench run`.
    /// </summary>
    public static TPlugin Create<TPlugin>(string? yaml = null) where TPlugin : class
    {
        var name = typeof(TPlugin).GetCustomAttribute<PluginAttribute>()?.Name ?? typeof(TPlugin).Name;
        var constructors = typeof(TPlugin).GetConstructors();
        if (constructors.Length != 1)
            throw new PluginContractException($"{typeof(TPlugin).Name} needs exactly one public constructor, has {constructors.Length}");
        var arguments = constructors[0].GetParameters().Select(parameter =>
        {
            if (parameter.ParameterType.IsClass && !parameter.ParameterType.IsAbstract) return Bind(parameter.ParameterType, yaml, name);
            if (parameter.HasDefaultValue) return parameter.DefaultValue;
            throw new PluginContractException(
                $"{typeof(TPlugin).Name}'s constructor asks for {parameter.ParameterType.Name} ({parameter.Name}), which only the host provides; test such a plugin with `lossbench run`");
        }).ToArray();
        if (yaml is not null && !constructors[0].GetParameters().Any(p => p.ParameterType.IsClass && !p.ParameterType.IsAbstract) && !string.IsNullOrWhiteSpace(yaml))
            throw new PluginContractException($"{typeof(TPlugin).Name} takes no options, but options were given: {yaml}");
        try
        {
            return (TPlugin)constructors[0].Invoke(arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static ConfigMapping? Mapping(string? yaml)
    {
        if (string.IsNullOrWhiteSpace(yaml)) return null;
        return YamlConfigReader.Read(yaml, SourceName) switch
        {
            ConfigMapping mapping => mapping,
            ConfigScalar { IsNull: true } => null,
            var other => throw new ConfigException(other.Location, "", $"options are a mapping (like `gamma: 2`), got {other.Describe()}"),
        };
    }
}
