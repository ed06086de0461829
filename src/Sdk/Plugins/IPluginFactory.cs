namespace LossBench.Sdk.Plugins;

/// <summary>
/// Builds the plugins a composite plugin references (see <see cref="PluginReference{TContract}"/>):
/// take it as a constructor parameter and the host provides it. What it builds belongs to the host,
/// which disposes it with the composite.
/// </summary>
public interface IPluginFactory
{
    TContract Create<TContract>(PluginReference<TContract> reference) where TContract : class;
}
