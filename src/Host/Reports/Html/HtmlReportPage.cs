using LossBench.Host.Reports.Figures;
using LossBench.Host.Results;

namespace LossBench.Host.Reports.Html;

/// <summary>Everything report.html shows, gathered by the report command.</summary>
/// <param name="Benchmark">benchmark.json: name, file, axes, the plan's cells.</param>
/// <param name="Report">The tables (the numbers of report.md, .csv and .json).</param>
/// <param name="Cells">The verified records of the plan's cells that have results.</param>
/// <param name="Figures">The figures, rendered (the files under figures/).</param>
/// <param name="BenchmarkText">The benchmark file's text as found at <see cref="BenchmarkRecord.File"/>, or null when it is not there any more.</param>
/// <param name="Tool">The tool that wrote the report: version and, when the build knew it, the commit.</param>
public sealed record HtmlReportPage(BenchmarkRecord Benchmark, Report Report, IReadOnlyList<CellRecord> Cells, IReadOnlyList<RenderedFigure> Figures,
    string? BenchmarkText, string Tool);
