namespace LossBench.Host.Config;

/// <summary>The `report:` section.</summary>
/// <param name="Baseline">The loss label differences are taken against (paired by seed), or null for none.</param>
/// <param name="Tables">The tables to write; when none are given, one per metric with rows = loss and columns = augmentation.</param>
/// <param name="Digits">Digits after the decimal point in the tables.</param>
public sealed record ReportSettings(string? Baseline, IReadOnlyList<TableSpec> Tables, int Digits = 4);
