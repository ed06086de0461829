namespace LossBench.Host.Config;

/// <summary>One result table: which metric (e.g. <c>clean.accuracy</c>), which axis along the rows and which along the columns.</summary>
public sealed record TableSpec(string Metric, Axis Rows, Axis Columns);
