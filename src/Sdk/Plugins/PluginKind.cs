namespace LossBench.Sdk.Plugins;

/// <summary>The axes of a benchmark; each plugin belongs to exactly one.</summary>
public enum PluginKind
{
    Dataset,
    Model,
    Loss,
    Augmentation,
    Evaluation,
}
