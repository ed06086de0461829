namespace LossBench.Host.Options;

/// <summary>A list of values.</summary>
public sealed record ConfigSequence(IReadOnlyList<ConfigNode> Items, SourceLocation? Location = null) : ConfigNode(Location)
{
    public override string Describe() => $"a list of {Items.Count}";
}
