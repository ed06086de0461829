namespace LossBench.Host.Options;

/// <summary>Binds a <see cref="LossBench.Sdk.Plugins.PluginReference{TContract}"/> option: finds the plugin an entry names and binds its options.</summary>
public interface IPluginReferenceBinder
{
    /// <param name="contract">The referenced kind's contract (ILoss, IAugmentation, ...).</param>
    /// <param name="entry">A plugin name or a one-key mapping <c>name: { options }</c>.</param>
    /// <param name="path">The YAML path of the entry, for messages.</param>
    /// <returns>A <c>PluginReference&lt;contract&gt;</c>.</returns>
    object Bind(Type contract, ConfigNode entry, string path);
}
