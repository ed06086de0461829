namespace LossBench.Sdk.Plugins;

/// <summary>
/// Marks a public class as a LossBench plugin. The class implements exactly one of the kind
/// interfaces (<see cref="Datasets.IDataset"/>, <see cref="Models.IModel"/>,
/// <see cref="Losses.ILoss"/>, <see cref="Augmentations.IAugmentation"/>,
/// <see cref="Evaluations.IEvaluation"/>) and has one public constructor whose parameters are at
/// most its options record plus services the host provides (for example an <c>ILogger</c>).
/// </summary>
/// <param name="name">The name benchmarks.yaml uses: lower-case kebab-case, unique within a kind.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class PluginAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>One line for <c>lossbench list</c>.</summary>
    public string Summary { get; init; } = "";
}
