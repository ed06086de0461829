using System.Text.RegularExpressions;

namespace LossBench.Sdk.Plugins;

/// <summary>The rule for plugin and option names: lower-case kebab-case, as YAML keys read best.</summary>
public static partial class PluginName
{
    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();

    public static bool IsValid(string name) => KebabCase().IsMatch(name);
}
