namespace LossBench.Sdk.Evaluations;

/// <summary>An x-y series (accuracy against epsilon, a reliability diagram), with axis names.</summary>
public sealed record Curve(string XName, string YName, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    public Curve Validate() => X.Count == Y.Count ? this : throw new ArgumentException($"a curve needs as many x as y values, got {X.Count} and {Y.Count}");
}
