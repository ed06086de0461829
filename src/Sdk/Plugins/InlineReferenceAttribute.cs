namespace LossBench.Sdk.Plugins;

/// <summary>
/// On a <see cref="PluginReference{TContract}"/> property of a nested options record: the plugin is
/// written inline among the record's other keys, as in a combination's term
/// <c>{ dice: { smooth: 1 }, weight: 0.5 }</c>, where the one key that is not another option names the plugin.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class InlineReferenceAttribute : Attribute;
