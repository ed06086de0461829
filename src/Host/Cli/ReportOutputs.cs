namespace LossBench.Host.Cli;

/// <summary>What `report` (and the report at the end of `run` and `search --transfer`) writes besides report.md, .csv, .json and the SVG figures.</summary>
/// <param name="Html">report.html, the self-contained page (on unless `--no-html`).</param>
/// <param name="Png">A PNG beside each SVG figure (`--png`).</param>
public sealed record ReportOutputs(bool Html, bool Png)
{
    public static ReportOutputs Default { get; } = new(Html: true, Png: false);
}
