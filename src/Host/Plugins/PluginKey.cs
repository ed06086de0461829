using LossBench.Sdk.Plugins;

namespace LossBench.Host.Plugins;

/// <summary>The service key of a plugin: names are unique within a kind, so a loss and a model may share one.</summary>
public sealed record PluginKey(PluginKind Kind, string Name)
{
    public override string ToString() => $"{PluginKinds.DisplayName(Kind)} '{Name}'";
}
