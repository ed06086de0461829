using LossBench.Sdk.Options;

namespace LossBench.Host.Plugins;

/// <summary>A plugin entry of a configuration file: a name, or a one-key mapping `name: { options }`.</summary>
public static class PluginEntry
{
    /// <summary>The entry's plugin name and options (null when none are given); <paramref name="what"/> names the kind in errors.</summary>
    public static (string Name, ConfigMapping? Options) Split(ConfigNode entry, string path, string what = "plugin") => entry switch
    {
        ConfigScalar { IsNull: false } scalar => (scalar.Text, null),
        ConfigMapping { Entries.Count: 1 } mapping => (mapping.Entries[0].Key, mapping.Entries[0].Value switch
        {
            ConfigMapping given => given,
            ConfigScalar { IsNull: true } => null,
            var other => throw new OptionsBindingException($"{path}.{mapping.Entries[0].Key}", other.Location, $"expected a mapping of options, got {other.Describe()}"),
        }),
        _ => throw new OptionsBindingException(path, entry.Location, $"expected a {what} name or `name: {{ options }}`, got {entry.Describe()}"),
    };
}
