using LossBench.Host.Config;

namespace LossBench.Host.Results;

/// <summary>
/// results/&lt;benchmark&gt;/benchmark.json: what `lossbench report` needs besides the cells (the
/// axes in the order benchmarks.yaml lists them, the evaluations, the report settings, and which
/// cells make up the current plan, so results of an older configuration never mix in).
/// </summary>
public sealed record BenchmarkRecord(
    string Name,
    string File,
    IReadOnlyDictionary<Axis, IReadOnlyList<string>> AxisOrder,
    IReadOnlyList<string> Evaluations,
    ReportSettings Report,
    IReadOnlyList<string> CellIds)
{
    /// <summary>The <see cref="ResultFormat"/> it was written in; 0 when the file predates versions.</summary>
    public int FormatVersion { get; init; }

    /// <param name="cellIds">Every cell of the current plan (not only this shard's or filter's): the report covers those that have results.</param>
    public static BenchmarkRecord Of(BenchmarkDefinition benchmark, IReadOnlyList<string> cellIds) => new(
        benchmark.Name,
        benchmark.File,
        new Dictionary<Axis, IReadOnlyList<string>>
        {
            [Axis.Dataset] = benchmark.Datasets.Select(v => v.Label).ToArray(),
            [Axis.Model] = benchmark.Models.Select(v => v.Label).ToArray(),
            [Axis.Loss] = benchmark.Losses.Select(v => v.Label).ToArray(),
            [Axis.Augmentation] = benchmark.Augmentations.Select(v => v.Label).ToArray(),
        },
        benchmark.Evaluations.Select(v => v.Label).ToArray(),
        benchmark.Report,
        cellIds) { FormatVersion = ResultFormat.Current };
}
