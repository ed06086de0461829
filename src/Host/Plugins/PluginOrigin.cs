namespace LossBench.Host.Plugins;

/// <summary>Where a plugin folder was found, in the order discovery searches.</summary>
public enum PluginOrigin
{
    /// <summary><c>&lt;tool&gt;/plugins/*/</c>: the built-ins that ship with the tool.</summary>
    Tool,
    /// <summary><c>~/.lossbench/plugins/*/</c>.</summary>
    User,
    /// <summary>A folder listed in <c>$LOSSBENCH_PLUGIN_PATH</c>.</summary>
    Environment,
    /// <summary>A folder given with <c>--plugins</c>.</summary>
    CommandLine,
}
